/**
 * @module
 * The downloadable callback page: a MIXERA-branded page to put at your redirect URI. It checks
 * `state` and `iss` and hands the code to your server; the secret never reaches the browser.
 */

/** The template with this portal's issuer filled in. */
export function callbackTemplate(issuer: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <title>Signing you in with Mixera ID…</title>
  <style>
    body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #0f0d14;
           color: #f3f0fa; font-family: system-ui, sans-serif; }
    .card { background: #1b1824; border-radius: 16px; padding: 40px; max-width: 420px; text-align: center;
            box-shadow: 0 10px 40px rgba(0, 0, 0, 0.4); }
    .logo { font-weight: 800; letter-spacing: 0.2em; color: #A259FF; margin-bottom: 16px; }
    .spinner { width: 36px; height: 36px; margin: 24px auto; border: 4px solid #3a3450;
               border-top-color: #A259FF; border-radius: 50%; animation: spin 1s linear infinite; }
    @keyframes spin { to { transform: rotate(360deg); } }
    .error { color: #ff8a8a; }
  </style>
</head>
<body>
  <main class="card">
    <div class="logo">MIXERA</div>
    <h1>Signing you in…</h1>
    <div class="spinner" id="spinner"></div>
    <p id="message">Completing Login with Mixera ID.</p>
  </main>
  <script>
    // Edit these two lines: where your server exchanges the code, and where to go afterwards.
    const EXCHANGE_ENDPOINT = '/auth/mixera/exchange';
    const AFTER_LOGIN = '/';
    const ISSUER = ${JSON.stringify(issuer)};

    function fail(text) {
      document.getElementById('spinner').hidden = true;
      const message = document.getElementById('message');
      message.textContent = text;
      message.className = 'error';
    }

    (async () => {
      const params = new URLSearchParams(location.search);
      if (params.get('error')) return fail(params.get('error') === 'access_denied'
        ? 'You cancelled the sign-in.' : 'Sign-in did not complete. Please try again.');
      if (params.get('iss') !== ISSUER) return fail('This response did not come from Mixera ID.');
      if (!params.get('state') || params.get('state') !== sessionStorage.getItem('oauth_state')) {
        return fail('This sign-in link has expired. Please try again.');
      }
      sessionStorage.removeItem('oauth_state');
      const response = await fetch(EXCHANGE_ENDPOINT, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ code: params.get('code'), code_verifier: sessionStorage.getItem('oauth_verifier') }),
      });
      if (!response.ok) return fail('Sign-in failed. Please try again.');
      location.replace(AFTER_LOGIN);
    })().catch(() => fail('Sign-in failed. Please try again.'));
  </script>
</body>
</html>
`;
}
