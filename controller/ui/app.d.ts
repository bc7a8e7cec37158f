/** `app.js` is browser code served as text (imported `with { type: "text" }`), never run by the controller. */
declare const appJs: string;
export default appJs;
