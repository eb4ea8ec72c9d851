/** Builds `SET #a = :a, ...` and `REMOVE #b` from a patch; undefined members are removed. */
export function buildUpdate(patch: Record<string, unknown>): {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
} {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    names[`#${key}`] = key;
    if (value === undefined) removes.push(`#${key}`);
    else {
      values[`:${key}`] = value;
      sets.push(`#${key} = :${key}`);
    }
  }
  const expression = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : '']
    .filter(Boolean)
    .join(' ');
  return { UpdateExpression: expression, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}

export function isConditionFailure(error: unknown): boolean {
  return (error as Error)?.name === 'ConditionalCheckFailedException';
}
