/** @module The GEMA calculator's stylesheet. */
import css from "./gema.css" with { type: "text" };
import { featureStylesheet } from "../../ui/feature_styles.tsx";

export const gemaStyles = featureStylesheet("gema", css);
