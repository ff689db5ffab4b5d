import { createHash } from 'node:crypto';
import { ImageStoreUploads } from '../../../core/upload/image-store-uploads';
import { ImageStore } from './image-store';

/**
 * A job's upload in the image store's uploads area. Stores name things by sha256, and the job id
 * names the upload (two jobs may send the same bytes, and each frees its own), so the name is the
 * sha256 of the job id.
 */
export function uploadArea(uploads: ImageStore, description: string): ImageStoreUploads {
  return {
    put: (jobId, bytes) => uploads.put(uploadName(jobId), bytes),
    get: (jobId) => uploads.get(uploadName(jobId)),
    delete: (jobId) => uploads.delete(uploadName(jobId)),
    description,
  };
}

/** The store name of a job's upload. */
export function uploadName(jobId: string): string {
  return createHash('sha256').update(`clip-moderation:upload:${jobId}`, 'utf8').digest('hex');
}
