import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { call } from '../support/http';
import { multipartBody, sampleFile } from '../support/media';
import { loggedInUser } from '../support/users';

/** The logo from our own origin (GET /apis/user/logo), which the console shows as a blob URL. */
const logoOf = (token?: string) =>
  fetch(new URL('/apis/user/logo', inject('baseUrl')), { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('user logo image', () => {
  it('serves the uploaded logo bytes with their image type, to the session header', async () => {
    // Prepare
    const user = await loggedInUser();
    const logo = sampleFile.png(3000);
    const { body, contentType } = multipartBody([{ name: 'logoFile', value: logo, filename: 'logo.png' }]);
    const uploaded = await call('/apis/materials/uploadLogo', { token: user.token, raw: body, contentType });
    expect(uploaded.body).toMatchObject({ errcode: 0 });

    // Act
    const res = await logoOf(user.token);

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await res.arrayBuffer()).equals(logo)).toBe(true);
  });

  it('answers 40400 when the user has no logo, and 40100 without a session', async () => {
    const user = await loggedInUser();

    const none = await logoOf(user.token);
    const anonymous = await logoOf();

    expect(none.status).toBe(404);
    expect(await none.json()).toMatchObject({ errcode: 40400, field: 'logo' });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ errcode: 40100 });
  });
});
