/**
 * @module
 * Every area of the product, in sidebar order. The sidebar is drawn from this list, and each area's path
 * answers with a "not available yet" page until a feature mounts its own routes there (features are
 * mounted first in web/app.ts, so theirs win).
 */

export interface Area {
  /** Stable identifier, also the folder name under web/features/ when built. */
  slug: string;
  title: string;
  path: string;
  /** One sentence shown on the overview and on the placeholder page. */
  summary: string;
  adminOnly?: boolean;
  /** Part of the Preview Program: behind its gate (web/features/preview/gate.tsx). */
  preview?: boolean;
}

export const AREAS: readonly Area[] = [
  { slug: "profile", title: "Profile", path: "/profile", summary: "Your name, picture and Mixera ID." },
  { slug: "security", title: "Security", path: "/security", summary: "Password and active sessions." },
  {
    slug: "preview_program",
    title: "Preview Program",
    path: "/preview-program",
    summary: "Early access to features in development.",
  },
  {
    slug: "dj_stats",
    title: "DJ Stats",
    path: "/dj-stats",
    summary: "What you played, when and for how long.",
    preview: true,
  },
  {
    slug: "leaderboard",
    title: "Leaderboard",
    path: "/leaderboard",
    summary: "How your sets compare.",
    preview: true,
  },
  {
    slug: "connect",
    title: "Connect",
    path: "/connect",
    summary: "MIXERA Connect: DJs with similar styles and stats, and chat.",
    preview: true,
  },
  {
    slug: "mixey",
    title: "MIXEY",
    path: "/mixey",
    summary: "MIXEY, the assistant that answers questions about your account.",
    preview: true,
  },
  {
    slug: "gema_calculator",
    title: "GEMA Calculator",
    path: "/gema-calculator",
    summary: "Estimate music licensing fees for an event.",
  },
  { slug: "cloud", title: "MIXERA Cloud", path: "/cloud", summary: "Your music library in the cloud." },
  { slug: "infinity", title: "Infinity", path: "/infinity", summary: "The MIXERA Infinity subscription." },
  {
    slug: "connected_apps",
    title: "Connected Apps",
    path: "/connected-apps",
    summary: "Apps you allowed to use your Mixera ID.",
  },
  { slug: "developer", title: "Developer", path: "/developer", summary: "Register apps that use Mixera ID." },
  {
    slug: "devices",
    title: "Devices",
    path: "/devices",
    summary: "Your MIXERA controllers and accessories.",
    preview: true,
  },
  {
    slug: "sustainability",
    title: "Sustainability",
    path: "/sustainability",
    summary: "The footprint of your equipment.",
  },
  {
    slug: "rent_technology",
    title: "Rent Technology",
    path: "/rent-technology",
    summary: "Rent MIXERA equipment for events.",
  },
  {
    slug: "ocp_status",
    title: "OCP Status",
    path: "/ocp-status",
    summary: "State of the OCP cloud services.",
  },
  {
    slug: "danger_zone",
    title: "Danger Zone",
    path: "/danger-zone",
    summary: "Export your data or delete your account.",
  },
  { slug: "admin", title: "Admin", path: "/admin", summary: "Users and accounts.", adminOnly: true },
];

/** The area a path belongs to (for highlighting the sidebar), if any. */
export function areaForPath(path: string): Area | undefined {
  return AREAS.find((area) => path === area.path || path.startsWith(`${area.path}/`));
}
