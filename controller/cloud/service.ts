/**
 * @module
 * The cloud link as a `run` service: a linked controller checks in with its portal at start and then
 * every `cloud.pollIntervalMs` (handshake, lock state, session renewal, remote commands). An unlinked or
 * unprovisioned controller runs without it and says how to link.
 */
import { serviceKey, type ServiceStarter } from "../service.ts";
import { CONTROLLER_VERSION } from "../version.ts";
import { CloudLink } from "./cloud_link.ts";
import { CloudState } from "./cloud_state.ts";
import { loadPrivateKey } from "./device_key.ts";
import { CloudHttpClient } from "./http_client.ts";

/** The running cloud link, for services that call the device API; null when the controller is not linked. */
export const CLOUD_LINK = serviceKey<CloudLink | null>("cloud-link");

export const cloudLinkStarter: ServiceStarter = {
  name: "cloud",
  enabled: () => true,
  async start({ config, logger, store, identity, provide }) {
    const state = new CloudState(store);
    const link = state.link();
    if (!identity || !link || link.serial !== identity.serial) {
      provide(CLOUD_LINK, null);
      return {
        name: "cloud",
        endpoints: ["cloud: not linked (run `mixera-controller link --portal URL`)"],
        stop: () => Promise.resolve(),
      };
    }
    const cloud = new CloudLink({
      http: new CloudHttpClient({ portal: link.portal, timeoutMs: config.cloud.requestTimeoutMs }),
      identity,
      key: await loadPrivateKey(identity),
      state,
      logger,
      firmware: CONTROLLER_VERSION,
    });
    provide(CLOUD_LINK, cloud);
    let stopped = false;
    let running: Promise<void> = Promise.resolve();
    const checkIn = () => {
      running = cloud.checkIn().then((result) => {
        if (result === "unlinked" || result === "factory_reset") {
          logger.warn("cloud", `cloud link: ${result}`);
        }
      }).catch((error) => logger.warn("cloud", "check-in failed", { error: String(error) }));
    };
    checkIn();
    const timer = setInterval(() => {
      if (!stopped) checkIn();
    }, config.cloud.pollIntervalMs);
    return {
      name: "cloud",
      endpoints: [
        `cloud: linked to ${link.portal} as ${identity.serial}${state.locked() ? " (locked)" : ""}`,
      ],
      async stop() {
        stopped = true;
        clearInterval(timer);
        await running;
      },
    };
  },
};
