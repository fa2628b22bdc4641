/** A union of message schemas with a `type` literal each (TypeBox's Type.Union of Type.Object). */
export interface TypedMessageUnion {
  anyOf: ReadonlyArray<{ properties?: Record<string, unknown> }>;
}

/** The `type` literals a union of message schemas allows: the bounded values of a `type` label. */
export function messageTypesOf(union: TypedMessageUnion): string[] {
  return union.anyOf.flatMap((member) => {
    const type = member.properties?.['type'];
    const literal =
      typeof type === 'object' && type !== null && 'const' in type ? type.const : null;
    return typeof literal === 'string' ? [literal] : [];
  });
}

const TYPE_FIELD = /"type":"([A-Za-z]{1,64})"/;

/**
 * The message's `type` as a label value, without parsing the whole message a second time: the
 * first `"type"` field of the JSON (the platform's messages put it before any nested object),
 * `other` when it is none of the known types, so the label stays bounded whatever comes in.
 */
export function messageTypeLabel(value: string | null, known: ReadonlySet<string>): string {
  const found = value === null ? undefined : TYPE_FIELD.exec(value)?.[1];
  return found !== undefined && known.has(found) ? found : 'other';
}
