import { parseS3Uri } from '@codec-lab/domain';

/** A bucket and a key prefix in it (no leading or trailing '/'; '' for the bucket's root). */
export interface StoreLocation {
  readonly bucket: string;
  readonly prefix: string;
}

/** `s3://bucket` or `s3://bucket/some/prefix` as a location; throws naming the problem otherwise. */
export function parseStoreLocation(uri: string): StoreLocation {
  const bare = /^s3:\/\/([^/]+)\/?$/.exec(uri);
  if (bare) {
    const parsed = parseS3Uri(`s3://${bare[1]}/x`);
    if (parsed) return { bucket: parsed.bucket, prefix: '' };
  }
  const parsed = parseS3Uri(uri.replace(/\/+$/, ''));
  if (!parsed) throw new Error(`"${uri}" is not s3://<bucket>[/<prefix>] with a lowercase bucket name and a key prefix of letters, digits, ".", "_", "-" and "/"`);
  return { bucket: parsed.bucket, prefix: parsed.key };
}

/** The key of `name` under a location. */
export function keyIn(location: StoreLocation, ...parts: string[]): string {
  return [location.prefix, ...parts].filter((part) => part.length > 0).join('/');
}

export function objectUri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}
