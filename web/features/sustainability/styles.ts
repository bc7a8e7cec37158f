/** @module The Sustainability Dashboard's stylesheet. */
import css from "./sustainability.css" with { type: "text" };
import { featureStylesheet } from "../../ui/feature_styles.tsx";

export const sustainabilityStyles = featureStylesheet("sustainability", css);
