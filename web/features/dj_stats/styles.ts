/** @module The stylesheet of DJ Stats, Leaderboard and Sustainability (they share panels and charts). */
import css from "./dj_stats.css" with { type: "text" };
import { featureStylesheet } from "../../ui/feature_styles.tsx";

export const djStatsStyles = featureStylesheet("dj_stats", css);
