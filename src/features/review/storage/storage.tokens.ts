/** Injection token of the {@link ImageStore} (review images and held uploads). */
export const IMAGE_STORE = Symbol('IMAGE_STORE');
/** Injection token of the resolved {@link ImageStorageOptions}. */
export const IMAGE_STORAGE_SETTINGS = Symbol('IMAGE_STORAGE_SETTINGS');
