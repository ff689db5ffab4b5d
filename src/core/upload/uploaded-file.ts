/**
 * A file read from a multipart request, with the fields multer's memory storage gives, so a
 * handler behind the upload hook reads `request.file` as it would behind multer.
 */
export interface UploadedFile {
  /** The multipart field it came in. */
  readonly fieldname: string;
  /** The file name the client sent (untrusted). */
  readonly originalname: string;
  readonly encoding: string;
  /** The content type the client sent (untrusted; the hook sniffs the bytes itself). */
  readonly mimetype: string;
  readonly size: number;
  readonly buffer: Buffer;
}
