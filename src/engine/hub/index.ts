/** Fetching CLIP models from the Hugging Face hub into a local cache. */
export { downloadHubModel } from './download-hub-model';
export type { HubDownloadOptions } from './hub-download-options';
export { isHubModelId, parseHubModelId, type HubModelRef } from './hub-model-id';
export { CLIP_SIDE_FILES, type HubClipLayout } from './clip-file-selection';
