import { Hono } from "hono";

export const app = new Hono().get("/", (c) => c.text("MIXERA"));

if (import.meta.main) Deno.serve({ port: Number(Deno.env.get("PORT") ?? 8000) }, app.fetch);
