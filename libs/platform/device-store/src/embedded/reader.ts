/**
 * Reads of the embedded store: devices, their parameters, and the candidate source the shared
 * query engine pages through.
 */
import type { Database, Statement } from 'better-sqlite3';
import { ProjectedDevice, StoredDevice, StoredParameter } from '../device-store';
import { KeyTest, SortSpec } from '../query/cursor';
import { Candidate, CandidateSource } from '../query/engine';
import { inSubtree } from '../query/fields';
import { ParameterValue } from '../query/matcher';
import { Pushdown } from '../query/plan';
import { parameterRecord, project, ProjectionSpec, returnsParameters } from '../query/projection';
import { PathIds } from './path-ids';
import {
  DEVICE_COLUMNS,
  DeviceRow,
  PARAMETER_COLUMNS,
  ParameterRow,
  parameterOf,
  summaryOf,
} from './rows';
import { afterSql, orderSql, pushdownSql, SqlPart, whereSql } from './sql-filter';

export interface EmbeddedCandidate extends Candidate {
  rowId: number;
}

/** Below this many path ids a parameter load looks each (device, path) up; above, it scans. */
const PATH_LOOKUP_LIMIT = 64;
const STATEMENT_CACHE_SIZE = 256;

export class EmbeddedReader {
  private readonly cache = new Map<string, Statement>();
  private readonly subtreeIds: Statement;

  constructor(
    private readonly db: Database,
    private readonly paths: PathIds,
  ) {
    this.subtreeIds = db
      .prepare('SELECT id FROM paths WHERE path = ? OR (path >= ? AND path < ?)')
      .pluck();
  }

  /** Prepared once per distinct SQL text (queries of one shape share a statement). */
  statement(sql: string): Statement {
    let statement = this.cache.get(sql);
    if (!statement) {
      if (this.cache.size >= STATEMENT_CACHE_SIZE) this.cache.clear();
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }

  deviceRow(deviceId: string): DeviceRow | undefined {
    return this.statement(`SELECT ${DEVICE_COLUMNS} FROM devices d WHERE d.device_id = ?`).get(
      deviceId,
    ) as DeviceRow | undefined;
  }

  /** Parameters of these devices, all of them (bases null) or those under the bases. */
  parameters(
    rowIds: readonly number[],
    bases: readonly string[] | null,
  ): Map<number, StoredParameter[]> {
    const byDevice = new Map<number, StoredParameter[]>();
    if (rowIds.length === 0 || bases?.length === 0) return byDevice;
    for (const row of this.parameterRows(rowIds, bases)) {
      const list = byDevice.get(row[0]) ?? [];
      list.push(parameterOf(row));
      byDevice.set(row[0], list);
    }
    return byDevice;
  }

  private parameterRows(
    rowIds: readonly number[],
    bases: readonly string[] | null,
  ): ParameterRow[] {
    const from = `SELECT ${PARAMETER_COLUMNS} FROM parameters p JOIN paths x ON x.id = p.path
      WHERE p.device IN (SELECT value FROM json_each(?))`;
    const devices = JSON.stringify(rowIds);
    if (bases === null) return this.statement(from).raw().all(devices) as ParameterRow[];
    const ids = new Set<number>();
    for (const base of bases) {
      for (const id of this.subtreeIds.all(base, `${base}.`, `${base}/`) as number[]) ids.add(id);
    }
    if (ids.size === 0) return [];
    if (ids.size <= PATH_LOOKUP_LIMIT) {
      const sql = `${from} AND p.path IN (SELECT value FROM json_each(?))`;
      return this.statement(sql)
        .raw()
        .all(devices, JSON.stringify([...ids])) as ParameterRow[];
    }
    const rows = this.statement(from).raw().all(devices) as ParameterRow[];
    return rows.filter((row) => bases.some((base) => inSubtree(row[1], base)));
  }

  /** Devices (rows in order) with the parameters the projection asks for, shaped by it. */
  materialize(rows: readonly DeviceRow[], projection: ProjectionSpec): ProjectedDevice[] {
    const parameters = returnsParameters(projection)
      ? this.parameters(
          rows.map((row) => row.id),
          projection.parameters,
        )
      : new Map<number, StoredParameter[]>();
    return rows.map((row) => {
      const device: StoredDevice = {
        ...summaryOf(row),
        parameters: parameterRecord(parameters.get(row.id) ?? []),
      };
      return project(device, projection);
    });
  }

  async source(
    pushdowns: readonly Pushdown[],
    sort: SortSpec,
  ): Promise<CandidateSource<EmbeddedCandidate>> {
    const where = pushdowns.map((p) => pushdownSql(p, (path) => this.paths.find(path)));
    const order = orderSql(sort);
    const rowsOf = new WeakMap<EmbeddedCandidate, DeviceRow>();
    const candidate = (row: DeviceRow): EmbeddedCandidate => {
      const found = { summary: summaryOf(row), rowId: row.id };
      rowsOf.set(found, row);
      return found;
    };
    return {
      appliesAllPushdowns: true,
      candidates: async (after: KeyTest[][] | null, offset: number, limit: number) => {
        const parts: SqlPart[] = after === null ? where : [...where, afterSql(after)];
        const { sql, params } = whereSql(parts);
        const text = `SELECT ${DEVICE_COLUMNS} FROM devices d WHERE ${sql} ORDER BY ${order} LIMIT ? OFFSET ?`;
        const rows = this.statement(text).all(...params, limit, offset) as DeviceRow[];
        return rows.map(candidate);
      },
      count: async () => {
        const { sql, params } = whereSql(where);
        return this.statement(`SELECT count(*) FROM devices d WHERE ${sql}`)
          .pluck()
          .get(...params) as number;
      },
      parameterValues: async (candidates: EmbeddedCandidate[], paths: string[]) => {
        const loaded = this.parameters(
          candidates.map((c) => c.rowId),
          paths,
        );
        const values = new Map<string, ParameterValue[]>();
        for (const c of candidates) values.set(c.summary.deviceId, loaded.get(c.rowId) ?? []);
        return values;
      },
      materialize: async (candidates: EmbeddedCandidate[], projection: ProjectionSpec) =>
        this.materialize(
          candidates.map((c) => rowsOf.get(c) as DeviceRow),
          projection,
        ),
    };
  }
}
