/** @module MIXEY's stylesheet. */
import css from "./mixey.css" with { type: "text" };
import { featureStylesheet } from "../../ui/feature_styles.tsx";

export const mixeyStyles = featureStylesheet("mixey", css);
