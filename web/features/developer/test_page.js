// OAuth Test Page: builds the authorization request (state + PKCE S256), then on the callback page
// exchanges the code at the token endpoint and calls userinfo, showing every response as it arrives.
const STORAGE_KEY = "mixera-oauth-test";

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomString(byteCount) {
  return base64url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

async function s256(verifier) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

function show(id, value) {
  document.getElementById(id).textContent = typeof value === "string"
    ? value
    : JSON.stringify(value, null, 2);
}

function setUpStartPage(form) {
  const select = document.getElementById("test-app");
  const clientIdInput = document.getElementById("test-client-id");
  if (select) select.addEventListener("change", () => (clientIdInput.value = select.value));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const redirectUri = form.dataset.callback;
    const flow = {
      clientId: clientIdInput.value.trim(),
      clientSecret: document.getElementById("test-client-secret").value,
      redirectUri,
      state: randomString(16),
      verifier: randomString(32),
    };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(flow));
    const params = new URLSearchParams({
      client_id: flow.clientId,
      redirect_uri: redirectUri,
      response_type: "code",
      scope: document.getElementById("test-scope").value.trim(),
      state: flow.state,
      code_challenge: await s256(flow.verifier),
      code_challenge_method: "S256",
    });
    const url = `${location.origin}/api/oauth/authorize?${params}`;
    show("test-authorize-url", url);
    document.getElementById("test-authorize-link").href = url;
    document.getElementById("test-authorize").hidden = false;
  });
}

async function readJson(response) {
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}

async function runCallback() {
  const params = new URLSearchParams(location.search);
  const flow = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null");
  const callback = Object.fromEntries(params);
  if (!flow) return show("test-callback-params", { ...callback, problem: "No flow started in this tab." });
  const stateMatches = params.get("state") === flow.state;
  show("test-callback-params", { ...callback, state_matches: stateMatches });
  if (!stateMatches || !params.get("code")) {
    return show("test-token-response", "Stopped: no code or state mismatch.");
  }
  const body = new URLSearchParams({
    grant_type: "authorization_code",
    code: params.get("code"),
    redirect_uri: flow.redirectUri,
    code_verifier: flow.verifier,
    client_id: flow.clientId,
  });
  if (flow.clientSecret) body.set("client_secret", flow.clientSecret);
  sessionStorage.removeItem(STORAGE_KEY);
  const token = await readJson(await fetch("/api/oauth/token", { method: "POST", body }));
  show("test-token-response", token);
  if (token.status !== 200) return show("test-userinfo-response", "Stopped: the token request failed.");
  const userinfo = await fetch("/api/oauth/userinfo", {
    headers: { Authorization: `Bearer ${token.body.access_token}` },
  });
  show("test-userinfo-response", await readJson(userinfo));
}

const startForm = document.getElementById("test-start");
if (startForm) setUpStartPage(startForm);
if (document.getElementById("test-callback")) {
  runCallback().catch((error) => show("test-token-response", `Error: ${error.message}`));
}
