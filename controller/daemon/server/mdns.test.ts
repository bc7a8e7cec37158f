import { describe, expect, it } from "bun:test";
import { Bonjour, type Service } from "bonjour-service";
import { createMemoryLogger } from "../../log/logger.ts";
import { advertiseMixer, isLoopbackHost, mdnsInterfaceFor, multicastOptions } from "./mdns.ts";

describe("mDNS advertisement", () => {
  it("is only for hosts beyond loopback", () => {
    expect(["127.0.0.1", "127.1.2.3", "localhost", "::1"].every(isLoopbackHost)).toBe(true);
    expect(["0.0.0.0", "192.168.1.20", "::"].some(isLoopbackHost)).toBe(false);
  });

  it("announces on the bound interface, or on every interface for a wildcard bind", () => {
    expect(mdnsInterfaceFor("192.168.1.20")).toBe("192.168.1.20");
    expect(mdnsInterfaceFor("0.0.0.0")).toBeUndefined();
    expect(mdnsInterfaceFor("::")).toBeUndefined();
  });

  // Multicast over the loopback interface only: the test must not send packets to the network.
  it("publishes _uamixer._tcp with the text port, as clients browse for it", async () => {
    const name = `MIXERA test ${crypto.randomUUID().slice(0, 8)}`;
    const withdraw = advertiseMixer(47100, name, createMemoryLogger().logger, "127.0.0.1");
    const browser = new Bonjour(multicastOptions("127.0.0.1"));
    const found = await new Promise<Service>((resolve) => {
      browser.find({ type: "uamixer" }, (service: Service) => {
        if (service.name === name) resolve(service);
      });
    });
    expect(found.port).toBe(47100);
    expect(found.protocol).toBe("tcp");
    browser.destroy();
    await withdraw();
  });
});
