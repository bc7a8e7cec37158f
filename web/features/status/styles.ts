/** @module The OCP API Status page's stylesheet. */
import css from "./status.css" with { type: "text" };
import { featureStylesheet } from "../../ui/feature_styles.tsx";

export const statusStyles = featureStylesheet("status", css);
