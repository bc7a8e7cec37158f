/** @module Device identity shared by the controller and the portal: serials, device JWTs, API messages. */
export * from "./base64url.ts";
export * from "./jwt.ts";
export * from "./schemas.ts";
export * from "./serial.ts";
