/**
 * @module
 * What UA's mixer apps send when they open a session on the daemon, replayed by the conformance tests:
 * ConsoleLink (iOS, TCP 4710: keepalive, monitor batch, `get /`, every channel strip, initialisation
 * state, ping) and UA Connect (WebSocket 4721: challenge-response, initialisation state, a tree walk
 * and several dozen `message_id`-tagged subscriptions per channel and on the monitor).
 */

export const MONITOR = "/devices/0/outputs/18";
export const STRIPS = [0, 1, 2, 3].map((n) => `/devices/0/inputs/${n}`);

/** The initialisation properties both apps watch before they show the mixer. */
export const INITIALIZATION_PATHS = [
  "/initialized/value",
  "/initialized_percent/value",
  "/initialized_status/value",
];

/** ConsoleLink's channel strip: the subscriptions it sends per input. */
export function consoleLinkStrip(strip: string): string[] {
  return [
    "FaderLevel",
    "FaderLevelTapered",
    "Pan",
    "Mute",
    "Solo",
    "Active",
    "Stereo",
    "UserDefinedName",
    "meters/0/MeterLevel",
    "meters/1/MeterLevel",
    "meters/0/Clip",
    "preamps/0/Gain",
    "preamps/0/GainTapered",
    "preamps/0/48V",
    "preamps/0/Pad",
    "preamps/0/Phase",
    "preamps/0/LowCut",
  ].map((control) => `${strip}/${control}/value`);
}

/** ConsoleLink's whole opening sequence, one text command per entry. */
export function consoleLinkSession(): string[] {
  return [
    "set /Sleep false",
    "set /Sleep false",
    `subscribe {"paths":["${MONITOR}/Mute/value","${MONITOR}/DimOn/value"]}`,
    ...[
      "/SampleRate",
      "/ClockSource",
      `${MONITOR}/CRMonitorLevelTapered/value`,
      `${MONITOR}/Mute/value`,
      `${MONITOR}/MixToMono/value`,
      `${MONITOR}/meters/0/MeterLevel/value`,
      `${MONITOR}/meters/1/MeterLevel/value`,
    ].map((path) => `subscribe ${path}`),
    "get /",
    ...STRIPS.flatMap(consoleLinkStrip).map((path) => `subscribe ${path}`),
    ...INITIALIZATION_PATHS.map((path) => `subscribe ${path}`),
    "get /ping",
  ];
}

/** UA Connect's channel strip: naming, fader, preamp and meter controls of one input. */
export function uaConnectStrip(strip: string): string[] {
  const meters = [0, 1].flatMap((m) =>
    ["MeterLevel", "MeterPeakLevel", "MeterClip", "Clip"].map((name) => `meters/${m}/${name}`)
  );
  return [
    "Name",
    "UserDefinedName",
    "IOType",
    "Active",
    "Stereo",
    "FaderLevel",
    "FaderLevelTapered",
    "Pan",
    "Mute",
    "Solo",
    "preamps/0/Gain",
    "preamps/0/GainTapered",
    "preamps/0/48V",
    "preamps/0/Pad",
    "preamps/0/LowCut",
    "preamps/0/Phase",
    "preamps/0/HiZ",
    ...meters,
  ].map((control) => `${strip}/${control}/value`);
}

/** UA Connect's monitor section. */
export function uaConnectMonitor(): string[] {
  const meters = [0, 1].flatMap((m) =>
    ["MeterLevel", "MeterPeakLevel", "MeterClip", "Clip"].map((name) => `meters/${m}/${name}`)
  );
  return [
    "Name",
    "UserDefinedName",
    "IOType",
    "CRMonitorLevel",
    "CRMonitorLevelTapered",
    "Mute",
    "DimOn",
    "MixToMono",
    ...meters,
  ].map((control) => `${MONITOR}/${control}/value`);
}

/**
 * UA Connect's whole opening sequence, tagged `uac:<n>` like the app. The challenge answer is whatever the
 * app computed; the daemon accepts any.
 */
export function uaConnectSession(): string[] {
  const paths = [
    ...INITIALIZATION_PATHS,
    "/SampleRate/value",
    "/ClockSource/value",
    "/DeviceConnectionMode/value",
    "/TotalDSPLoad/value",
    "/MeterPulse/value",
    "/devices/0/DeviceOnline/value",
    "/devices/0/DeviceName/value",
    ...STRIPS.flatMap(uaConnectStrip),
    ...uaConnectMonitor(),
  ];
  const commands = [
    "post /request_challenge?func_id=7",
    "post /response?func_id=8 c2lnbmVkIGFuc3dlcg==",
    "get /devices?recursive=1",
    ...paths.map((path) => `subscribe ${path}`),
    `set ${STRIPS[0]}/preamps/0/Gain/value?cmd_id=set_command 3.000000`,
    `set ${STRIPS[0]}/UserDefinedName/value?cmd_id=set_command Vocals`,
  ];
  return commands.map((command, n) => {
    const space = command.indexOf(" ", command.indexOf(" ") + 1);
    const target = space < 0 ? command : command.slice(0, space);
    const tag = `${target.includes("?") ? "&" : "?"}message_id=uac:${n}`;
    return space < 0 ? `${target}${tag}` : `${target}${tag}${command.slice(space)}`;
  });
}
