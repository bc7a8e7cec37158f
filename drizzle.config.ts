// drizzle-kit (runs on Node): `npm run db:generate` turns web/db/schema/*.ts into SQL under migrations/.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "turso",
  schema: "./web/db/schema/*.ts",
  out: "./migrations",
});
