/** @module The documentation pages' stylesheet. */
import css from "./docs.css" with { type: "text" };
import { featureStylesheet } from "../../ui/feature_styles.tsx";

export const docsStyles = featureStylesheet("docs", css);
