/**
 * applyBatch for the embedded store: the whole batch in one SQLite transaction (all or nothing,
 * durable when it returns), each update applied at most once per eventId.
 */
import type { Database, Statement } from 'better-sqlite3';
import { ApplyResult, DeviceUpdate } from '../device-store';
import { subtreeBase } from '../query/fields';
import { Bindable, bindable, parameterBindings } from './rows';
import { PathIds } from './path-ids';
import { ProcessedIds } from './processed-ids';

export interface WriterLimits {
  /** Events kept per device, newest first. */
  eventsPerDevice: number;
  /** Applied eventIds remembered for idempotency, in arrival order. */
  processedEventIds: number;
}

type Upsert = NonNullable<DeviceUpdate['upsert']>;

export class BatchWriter {
  private readonly statements;
  /** Arrival order of events (breaks ties of occurredAt). */
  private eventSeq: number;
  private readonly processed: ProcessedIds;

  constructor(
    private readonly db: Database,
    private readonly paths: PathIds,
    private readonly limits: WriterLimits,
  ) {
    const s = (sql: string): Statement => db.prepare(sql);
    this.statements = {
      deviceRowId: s('SELECT id FROM devices WHERE device_id = ?').pluck(),
      createDevice: s(
        `INSERT INTO devices (device_id, oui, product_class, serial_number, manufacturer, tags,
           first_seen, last_inform, online, connection_request)
         VALUES (?, '', '', '', '', '[]', ?, ?, 0, '{}') RETURNING id`,
      ).pluck(),
      updateDevice: s(
        `UPDATE devices SET
           manufacturer = coalesce(@manufacturer, manufacturer),
           data_model_root = CASE WHEN @setRoot THEN @dataModelRoot ELSE data_model_root END,
           last_inform = coalesce(@lastInform, last_inform),
           last_boot = coalesce(@lastBoot, last_boot),
           last_bootstrap = coalesce(@lastBootstrap, last_bootstrap),
           periodic_inform_interval = coalesce(@periodicInformInterval, periodic_inform_interval),
           online_until = coalesce(@onlineUntil, online_until),
           online = coalesce(@online, online),
           connection_request = coalesce(@connectionRequest, connection_request)
         WHERE device_id = @deviceId RETURNING id`,
      ).pluck(),
      // The indexed identity columns apart, and only when they change: assigning a column its
      // own value still rewrites its index entries (three random page writes per Inform).
      updateIdentity: s(
        `UPDATE devices SET oui = coalesce(@oui, oui),
           product_class = coalesce(@productClass, product_class),
           serial_number = coalesce(@serialNumber, serial_number)
         WHERE id = @id AND (oui IS NOT coalesce(@oui, oui)
           OR product_class IS NOT coalesce(@productClass, product_class)
           OR serial_number IS NOT coalesce(@serialNumber, serial_number))`,
      ),
      setPosture: s('UPDATE devices SET posture = ? WHERE id = ?'),
      markAllStale: s('UPDATE parameters SET stale = 1 WHERE device = ?'),
      deleteSubtree: s(
        `DELETE FROM parameters WHERE device = ? AND path IN
           (SELECT id FROM paths WHERE path = ? OR (path >= ? AND path < ?))`,
      ),
      upsertParameter: s(
        `INSERT INTO parameters (device, path, object, kind, value, type, writable, notification,
           access_list, value_at, writable_at, attributes_at, stale)
         VALUES (@device, @path, @object, @kind, @value, @type, @writable, @notification,
           @access_list, @value_at, @writable_at, @attributes_at, @stale)
         ON CONFLICT (device, path) DO UPDATE SET
           object = excluded.object,
           type = coalesce(excluded.type, type),
           writable = coalesce(excluded.writable, writable),
           notification = coalesce(excluded.notification, notification),
           access_list = coalesce(excluded.access_list, access_list),
           value_at = coalesce(excluded.value_at, value_at),
           writable_at = coalesce(excluded.writable_at, writable_at),
           attributes_at = coalesce(excluded.attributes_at, attributes_at),
           stale = coalesce(excluded.stale, stale)
         RETURNING kind, value`,
      ).raw(),
      // Apart from the upsert, and only when the value differs: rewriting an unchanged value
      // would still move its entry in the value index, a random page write per parameter.
      changeValue: s(
        `UPDATE parameters SET kind = @kind, value = @value
         WHERE device = @device AND path = @path AND (kind IS NOT @kind OR value IS NOT @value)`,
      ),
      insertEvent: s(
        `INSERT INTO events (device, occurred_at, seq, event_id, kind, detail)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      pruneEvents: s(
        `DELETE FROM events WHERE device = @device AND (occurred_at, seq) <= (
           SELECT occurred_at, seq FROM events WHERE device = @device
           ORDER BY occurred_at DESC, seq DESC LIMIT 1 OFFSET @keep)`,
      ),
      upsertFault: s(
        `INSERT INTO faults (fault_id, device, code, message, source, occurred_at, count)
         VALUES (?, ?, ?, ?, ?, ?, 1)
         ON CONFLICT (device, code, source) DO UPDATE SET
           count = count + 1, message = excluded.message, occurred_at = excluded.occurred_at
         ON CONFLICT DO NOTHING`,
      ),
    };
    this.eventSeq = (db.prepare('SELECT max(seq) FROM events').pluck().get() as number | null) ?? 0;
    this.processed = new ProcessedIds(db, limits.processedEventIds);
  }

  /** Whether a committed batch applied this eventId (as far as the processed ids remember). */
  wasApplied(eventId: string): boolean {
    return this.processed.has(eventId);
  }

  /** Synchronous: the transaction is committed (and durable) when this returns. */
  apply(updates: readonly DeviceUpdate[]): ApplyResult {
    const processedBefore = this.processed.snapshot();
    const eventSeqBefore = this.eventSeq;
    try {
      const result = this.db.transaction(() => this.applyAll(updates))();
      this.paths.committed();
      return result;
    } catch (error) {
      this.processed.restore(processedBefore);
      this.eventSeq = eventSeqBefore;
      this.paths.forgetUncommitted();
      throw error;
    }
  }

  private applyAll(updates: readonly DeviceUpdate[]): ApplyResult {
    const result: ApplyResult = { applied: 0, duplicates: 0, ignored: 0 };
    const eventsAdded = new Set<number>();
    for (const update of updates) {
      if (!this.processed.claim(update.eventId)) {
        result.duplicates++;
        continue;
      }
      const device = this.deviceFor(update);
      if (device === null) {
        result.ignored++;
        continue;
      }
      this.applyParameters(device, update);
      if (update.posture) this.statements.setPosture.run(JSON.stringify(update.posture), device);
      for (const event of update.addEvents ?? []) {
        const detail = JSON.stringify(event.detail ?? {});
        const { eventId, occurredAt, kind } = event;
        this.statements.insertEvent.run(device, occurredAt, ++this.eventSeq, eventId, kind, detail);
        eventsAdded.add(device);
      }
      for (const fault of update.addFaults ?? []) {
        const { faultId, code, message, source, occurredAt } = fault;
        this.statements.upsertFault.run(faultId, device, code, message, source, occurredAt);
      }
      result.applied++;
    }
    for (const device of eventsAdded) {
      this.statements.pruneEvents.run({ device, keep: this.limits.eventsPerDevice });
    }
    this.processed.endBatch();
    return result;
  }

  /** The device's row id, created by an upsert; null for an unknown device without one. */
  private deviceFor(update: DeviceUpdate): number | null {
    const { deviceId, upsert } = update;
    if (!upsert) return (this.statements.deviceRowId.get(deviceId) as number | undefined) ?? null;
    const bindings = upsertBindings(deviceId, upsert);
    let id = this.statements.updateDevice.get(bindings) as number | undefined;
    if (id === undefined) {
      const lastInform = upsert.lastInform ?? update.occurredAt;
      this.statements.createDevice.run(deviceId, update.occurredAt, lastInform);
      id = this.statements.updateDevice.get(bindings) as number;
    }
    this.statements.updateIdentity.run({ ...bindings, id });
    return id;
  }

  private applyParameters(device: number, update: DeviceUpdate): void {
    if (update.markAllStale) this.statements.markAllStale.run(device);
    for (const selector of update.deleteSubtrees ?? []) {
      const base = subtreeBase(selector);
      this.statements.deleteSubtree.run(device, base, `${base}.`, `${base}/`);
    }
    for (const parameter of update.setParameters ?? []) {
      const pathId = this.paths.idOf(parameter.path);
      const bindings = parameterBindings(device, pathId, parameter);
      // The upsert leaves kind and value alone and returns them: the stored ones.
      const [kind, value] = this.statements.upsertParameter.get(bindings) as [
        number | null,
        unknown,
      ];
      if (bindings.kind !== null && !sameValue(bindings.kind, bindings.value, kind, value)) {
        this.statements.changeValue.run({
          device,
          path: pathId,
          kind: bindings.kind,
          value: bindings.value,
        });
      }
    }
  }
}

/** Whether a bound value (numbers may be bigints) equals the stored one, within its kind. */
function sameValue(
  kind: number,
  bound: Bindable,
  storedKind: number | null,
  stored: unknown,
): boolean {
  if (kind !== storedKind) return false;
  return typeof bound === 'bigint' ? stored === Number(bound) : stored === bound;
}

function upsertBindings(deviceId: string, upsert: Upsert) {
  const given = <T>(value: T | undefined): T | null => (value === undefined ? null : value);
  return {
    deviceId,
    oui: given(upsert.oui),
    productClass: given(upsert.productClass),
    serialNumber: given(upsert.serialNumber),
    manufacturer: given(upsert.manufacturer),
    setRoot: upsert.dataModelRoot === undefined ? 0n : 1n,
    dataModelRoot: given(upsert.dataModelRoot),
    lastInform: given(upsert.lastInform),
    lastBoot: given(upsert.lastBoot),
    lastBootstrap: given(upsert.lastBootstrap),
    periodicInformInterval:
      upsert.periodicInformInterval === undefined ? null : bindable(upsert.periodicInformInterval),
    onlineUntil: given(upsert.onlineUntil),
    online: upsert.online === undefined ? null : bindable(upsert.online),
    connectionRequest:
      upsert.connectionRequest === undefined ? null : JSON.stringify(upsert.connectionRequest),
  };
}
