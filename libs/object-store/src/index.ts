export { createS3Client, type ObjectStoreSettings } from './client.ts';
export { storeError } from './errors.ts';
export { keyIn, objectUri, parseStoreLocation, type StoreLocation } from './location.ts';
export { copyObject, deleteObject, downloadFile, getText, headObject, openObject, putText, uploadFile, uploadStream, type StoredObject, type UploadOptions } from './transfer.ts';
export type { S3Client } from '@aws-sdk/client-s3';
export { ARTIFACT_MANIFEST, ArtifactManifestSchema, experimentKey, readArtifactManifest, type ArtifactManifest } from './artifacts.ts';
