/** @module MIXERA Connect's stylesheet. */
import css from "./connect.css" with { type: "text" };
import { featureStylesheet } from "../../ui/feature_styles.tsx";

export const connectStyles = featureStylesheet("connect", css);
