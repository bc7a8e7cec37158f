/**
 * @module
 * Code samples of the developer documentation, written for the portal's real endpoints. `API_BASE`
 * is replaced by the portal's public URL when the page is rendered.
 */

export const LOGIN_BUTTON = `<!-- Login Button -->
<button onclick="loginWithMixera()" style="
  background: #A259FF;
  color: white;
  padding: 12px 24px;
  border: none;
  border-radius: 8px;
  font-weight: 600;
  cursor: pointer;
">
  Login with Mixera ID
</button>`;

export const PLAIN_JAVASCRIPT = `<script>
const CLIENT_ID = 'your_client_id';
const REDIRECT_URI = 'https://yoursite.com/callback';
const API_BASE = 'API_BASE';

function randomString(bytes) {
  const data = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...data)).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
}

async function s256(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return btoa(String.fromCharCode(...new Uint8Array(digest)))
    .replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
}

async function loginWithMixera() {
  const state = randomString(16);
  const verifier = randomString(32);
  sessionStorage.setItem('oauth_state', state);
  sessionStorage.setItem('oauth_verifier', verifier);
  const params = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'profile email',
    state,
    code_challenge: await s256(verifier),
    code_challenge_method: 'S256',
  });
  window.location.href = \`\${API_BASE}/api/oauth/authorize?\${params}\`;
}

// On your callback page: check state and iss, then send the code to YOUR server,
// which exchanges it (the client secret must never reach the browser).
async function handleCallback() {
  const params = new URLSearchParams(window.location.search);
  if (params.get('state') !== sessionStorage.getItem('oauth_state')) throw new Error('Invalid state');
  if (params.get('iss') !== API_BASE) throw new Error('Unexpected issuer');
  if (params.get('error')) throw new Error(params.get('error'));
  const response = await fetch('/auth/mixera/exchange', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code: params.get('code'), code_verifier: sessionStorage.getItem('oauth_verifier') }),
  });
  console.log('User:', (await response.json()).user);
}
</script>`;

export const EXPRESS = `const express = require('express');
const session = require('express-session');
const crypto = require('node:crypto');

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

const CLIENT_ID = process.env.MIXERA_CLIENT_ID;
const CLIENT_SECRET = process.env.MIXERA_CLIENT_SECRET;
const REDIRECT_URI = 'https://yoursite.com/auth/callback';
const API_BASE = 'API_BASE';

const base64url = (buffer) => buffer.toString('base64url');

// Route to initiate OAuth flow
app.get('/auth/mixera', (req, res) => {
  req.session.oauthState = base64url(crypto.randomBytes(16));
  req.session.codeVerifier = base64url(crypto.randomBytes(32));
  const challenge = base64url(crypto.createHash('sha256').update(req.session.codeVerifier).digest());
  const params = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'profile email offline_access',
    state: req.session.oauthState,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  res.redirect(\`\${API_BASE}/api/oauth/authorize?\${params}\`);
});

// OAuth callback route
app.get('/auth/callback', async (req, res) => {
  const { code, state, iss, error } = req.query;
  if (state !== req.session.oauthState || iss !== API_BASE) return res.status(400).send('Invalid state');
  if (error) return res.status(400).send('Sign-in was not completed');

  const response = await fetch(\`\${API_BASE}/api/oauth/token\`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: 'Basic ' + Buffer.from(\`\${encodeURIComponent(CLIENT_ID)}:\${encodeURIComponent(CLIENT_SECRET)}\`).toString('base64'),
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: req.session.codeVerifier,
    }),
  });
  if (!response.ok) {
    console.error('OAuth error:', await response.json());
    return res.status(500).send('Authentication failed');
  }
  const { user, access_token, refresh_token } = await response.json();
  req.session.regenerate(() => {
    req.session.user = user;
    req.session.tokens = { access_token, refresh_token };
    res.redirect('/dashboard');
  });
});

app.listen(3000);`;

export const FLASK = `from flask import Flask, redirect, request, session
import base64, hashlib, os, secrets, requests
from urllib.parse import urlencode

app = Flask(__name__)
app.secret_key = os.environ['FLASK_SECRET_KEY']

CLIENT_ID = os.environ.get('MIXERA_CLIENT_ID')
CLIENT_SECRET = os.environ.get('MIXERA_CLIENT_SECRET')
REDIRECT_URI = 'https://yoursite.com/auth/callback'
API_BASE = 'API_BASE'

@app.route('/auth/mixera')
def login():
    session['oauth_state'] = secrets.token_urlsafe(16)
    session['code_verifier'] = secrets.token_urlsafe(32)
    challenge = base64.urlsafe_b64encode(
        hashlib.sha256(session['code_verifier'].encode()).digest()).rstrip(b'=').decode()
    query = urlencode({
        'client_id': CLIENT_ID,
        'redirect_uri': REDIRECT_URI,
        'response_type': 'code',
        'scope': 'profile email',
        'state': session['oauth_state'],
        'code_challenge': challenge,
        'code_challenge_method': 'S256',
    })
    return redirect(f"{API_BASE}/api/oauth/authorize?{query}")

@app.route('/auth/callback')
def callback():
    if request.args.get('state') != session.get('oauth_state') or request.args.get('iss') != API_BASE:
        return 'Invalid state', 400
    if 'error' in request.args:
        return 'Sign-in was not completed', 400
    response = requests.post(
        f"{API_BASE}/api/oauth/token",
        auth=(CLIENT_ID, CLIENT_SECRET),
        data={
            'grant_type': 'authorization_code',
            'code': request.args.get('code'),
            'redirect_uri': REDIRECT_URI,
            'code_verifier': session['code_verifier'],
        },
    )
    if response.status_code != 200:
        return 'Authentication failed', 500
    session.clear()
    session['user'] = response.json()['user']
    return redirect('/dashboard')`;

export const TOKEN_REQUEST_JSON = `POST API_BASE/api/oauth/token
Content-Type: application/json

{
  "client_id": "YOUR_CLIENT_ID",
  "client_secret": "YOUR_CLIENT_SECRET",
  "code": "AUTHORIZATION_CODE",
  "redirect_uri": "YOUR_REDIRECT_URI",
  "grant_type": "authorization_code",
  "code_verifier": "YOUR_PKCE_VERIFIER"
}`;

export const TOKEN_REQUEST_FORM = `POST API_BASE/api/oauth/token
Authorization: Basic base64(urlencode(client_id) ":" urlencode(client_secret))
Content-Type: application/x-www-form-urlencoded

grant_type=authorization_code&code=AUTHORIZATION_CODE&redirect_uri=YOUR_REDIRECT_URI&code_verifier=YOUR_PKCE_VERIFIER`;

export const TOKEN_RESPONSE = `{
  "access_token": "mxat_…",
  "token_type": "Bearer",
  "expires_in": 3600,
  "refresh_token": "mxrt_…",
  "scope": "profile email offline_access",
  "user": {
    "mixeraId": "MXR-XXXXXXXX",
    "email": "user@example.com",
    "email_verified": true,
    "name": "User Name",
    "profilePicture": "https://..."
  }
}`;

export const DEVICE_FLOW = `# 1. The device asks for a code (public clients send only client_id)
curl -X POST API_BASE/api/oauth/device_authorization \\
  -d client_id=YOUR_CLIENT_ID -d scope="profile devices:read offline_access"
# → {"device_code":"mxdc_…","user_code":"BCDF-GHJK","verification_uri":"API_BASE/activate",
#    "verification_uri_complete":"API_BASE/activate?user_code=BCDF-GHJK","expires_in":600,"interval":5}

# 2. The device shows user_code and verification_uri; the person opens the page and approves.

# 3. The device polls every \`interval\` seconds
curl -X POST API_BASE/api/oauth/token \\
  -d grant_type=urn:ietf:params:oauth:grant-type:device_code \\
  -d device_code=mxdc_… -d client_id=YOUR_CLIENT_ID
# → 400 {"error":"authorization_pending"} until approved; "slow_down" means add 5 s to the interval;
#   "expired_token" means start again; "access_denied" means the person said no; then 200 with tokens.`;

/** Replaces the API_BASE placeholder with the portal's public URL. */
export function withApiBase(sample: string, issuer: string): string {
  return sample.replaceAll("API_BASE", issuer);
}
