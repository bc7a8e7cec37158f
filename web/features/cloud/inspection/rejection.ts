/** @module The one error an upload check throws: its message is shown to the user as is. */

/** A file the library refuses; `message` says why in words a DJ understands. */
export class UploadRejection extends Error {
  override name = "UploadRejection";
}
