// The follower panel's script (served as is by panel.ts: no build step). It acts through the
// simulator's own control routes, the ones the tests use, so a delivery here is a real delivery.
(() => {
  const $ = (id) => document.getElementById(id);
  const state = { accounts: [], account: undefined, followers: [], follower: undefined, menu: [], openMenu: -1 };

  const api = async (method, path, body) => {
    const init = { method, headers: {} };
    if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(path, init);
    return res.json();
  };
  const query = (params) => new URLSearchParams(params).toString();

  // ---- the conversation, kept per account and follower in this browser ----
  const logKey = () => `follower-panel:${state.account.appid}:${state.follower.openid}`;
  const readLog = () => {
    if (!state.account || !state.follower) return { entries: [], received: 0 };
    try {
      return JSON.parse(localStorage.getItem(logKey()) || '') || { entries: [], received: 0 };
    } catch {
      return { entries: [], received: 0 };
    }
  };
  const writeLog = (log) => localStorage.setItem(logKey(), JSON.stringify(log));
  const add = (entry) => {
    // Before a follower is picked there is no conversation to keep the line in: it is only shown.
    if (!state.account || !state.follower) return draw(entry);
    const log = readLog();
    log.entries.push(entry);
    writeLog(log);
    draw(entry);
  };

  const el = (tag, props = {}, children = []) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v);
    }
    for (const child of children) node.append(child);
    return node;
  };

  const mediaBubble = (label, appid, mediaId) => {
    const bubble = el('div', { class: 'bubble' }, [el('small', { text: label })]);
    api('GET', `/__sim/panel/media?${query({ appid, media_id: mediaId })}`).then((media) => {
      if (media.url && (media.type === 'image' || media.type === 'thumb')) bubble.append(el('img', { src: media.url, alt: media.name }));
      else bubble.append(document.createTextNode(media.found ? media.name : `素材 ${mediaId}`));
    });
    return bubble;
  };

  const newsCard = (article) =>
    el('div', { class: 'news' }, [
      el('strong', { text: article.Title || article.title || '' }),
      el('p', { text: article.Description || article.description || '' }),
      ...((article.Url || article.url) ? [el('small', { text: article.Url || article.url })] : []),
    ]);

  /** One entry of the conversation as WeChat shows it. */
  const render = (entry) => {
    const appid = entry.appid;
    if (entry.who === 'system') return el('div', { class: `system${entry.error ? ' system--error' : ''}`, text: entry.text });
    const side = entry.who === 'follower' ? 'msg msg--follower' : 'msg msg--account';
    const m = entry.message;
    let body;
    switch (entry.kind) {
      case 'text':
        body = el('div', { class: 'bubble', text: m.Content });
        break;
      case 'photo':
        body = el('div', { class: 'bubble' }, [el('img', { src: `/__sim/media/download?${query({ appid, media_id: m.MediaId })}`, alt: '照片' })]);
        break;
      case 'location':
        body = el('div', { class: 'bubble', text: `[位置] ${m.Label}\n${m.Location_X}, ${m.Location_Y}` });
        break;
      case 'reply':
        body = replyBody(m, appid);
        break;
      case 'custom':
        body = customBody(m, appid);
        break;
      default:
        body = el('div', { class: 'bubble', text: JSON.stringify(m) });
    }
    return el('div', { class: side }, [body]);
  };

  /** A passive reply (the XML the callback answered, as WeChat delivered it). */
  const replyBody = (r, appid) => {
    switch (r.MsgType) {
      case 'text':
        return el('div', { class: 'bubble', text: r.Content });
      case 'image':
        return mediaBubble('[图片]', appid, r.Image && r.Image.MediaId);
      case 'voice':
        return mediaBubble('[语音]', appid, r.Voice && r.Voice.MediaId);
      case 'video':
        return mediaBubble(`[视频] ${(r.Video && r.Video.Title) || ''}`, appid, r.Video && r.Video.MediaId);
      case 'music':
        return el('div', { class: 'bubble', text: `[音乐] ${(r.Music && r.Music.Title) || ''}` });
      case 'news': {
        const items = r.Articles && r.Articles.item;
        const list = Array.isArray(items) ? items : items ? [items] : [];
        return el('div', {}, list.map(newsCard));
      }
      case 'transfer_customer_service':
        return el('div', { class: 'bubble', text: '[已转接客服]' });
      default:
        return el('div', { class: 'bubble', text: `[${r.MsgType}]` });
    }
  };

  /** A customer-service message the account sent through cgi-bin/message/custom/send. */
  const customBody = (c, appid) => {
    const p = c[c.msgtype] || {};
    switch (c.msgtype) {
      case 'text':
        return el('div', { class: 'bubble', text: p.content });
      case 'image':
        return mediaBubble('[图片]', appid, p.media_id);
      case 'voice':
        return mediaBubble('[语音]', appid, p.media_id);
      case 'video':
        return mediaBubble(`[视频] ${p.title || ''}`, appid, p.media_id);
      case 'music':
        return el('div', { class: 'bubble', text: `[音乐] ${p.title || ''}` });
      case 'news':
        return el('div', {}, (p.articles || []).map(newsCard));
      case 'mpnews':
      case 'mpnewsarticle':
        return el('div', { class: 'bubble', text: '[图文消息]' });
      case 'msgmenu':
        return el('div', { class: 'bubble', text: [p.head_content, ...(p.list || []).map((o) => `· ${o.content}`), p.tail_content].filter(Boolean).join('\n') });
      default:
        return el('div', { class: 'bubble', text: `[${c.msgtype}]` });
    }
  };

  const draw = (entry) => {
    const chat = $('chat');
    chat.append(render(entry));
    chat.scrollTop = chat.scrollHeight;
  };
  const redraw = () => {
    $('chat').replaceChildren();
    for (const entry of readLog().entries) draw(entry);
  };
  const system = (text, error = false) => add({ who: 'system', text, error });

  /** What became of a delivery, in words, and the reply the follower sees if any. */
  const outcome = (result) => {
    const appid = state.account.appid;
    if (result.error) return system(`推送失败：${result.error}`, true);
    const attempts = result.attempts || [];
    const replied = attempts.find((a) => a.reply);
    if (replied) return add({ who: 'account', kind: 'reply', appid, message: replied.reply });
    const last = attempts[attempts.length - 1];
    if (!last) return system('没有推送', true);
    const tries = attempts.length > 1 ? `（微信共推送 ${attempts.length} 次）` : '';
    if (last.status === 0) {
      const timedOut = /timeout|aborted/i.test(last.error || '');
      return system(timedOut ? `公众号服务器 5 秒内没有回应${tries}` : `连不上公众号服务器${tries}`, true);
    }
    if (last.status === 401 || last.status === 403) return system(`公众号服务器拒绝了推送：签名校验未通过（HTTP ${last.status}）`, true);
    if (last.status >= 400) return system(`公众号服务器出错（HTTP ${last.status}）${tries}`, true);
    if (last.signatureValid === false) return system('回复的签名校验失败，微信不显示这条回复', true);
    return system('无回复');
  };

  const mustFollow = () => {
    if (!state.account || !state.follower) {
      system('请先选择公众号和粉丝', true);
      return false;
    }
    if (!state.follower.subscribed) {
      system('请先关注公众号', true);
      return false;
    }
    return true;
  };

  const delivery = () => {
    const a = state.account;
    return { appid: a.appid, via: a.via, mode: a.mode, ...(a.via === 'direct' ? { token: a.token, aesKey: a.aesKey } : {}) };
  };

  /** A follower's message or event, delivered as WeChat delivers it (follower.ts). */
  const send = async (message) => api('POST', '/__sim/follower/send', { ...delivery(), message: { FromUserName: state.follower.openid, ...message } });

  const sendText = async (text) => {
    if (!mustFollow() || !text) return;
    const result = await send({ MsgType: 'text', Content: text });
    add({ who: 'follower', kind: 'text', message: { Content: text } });
    outcome(result);
    await pollReceived();
  };

  const sendPhoto = async (mediaId) => {
    if (!mustFollow()) return;
    const result = await send({ MsgType: 'image', ...(mediaId ? { MediaId: mediaId } : {}) });
    add({ who: 'follower', kind: 'photo', appid: state.account.appid, message: { MediaId: result.message ? result.message.MediaId : mediaId } });
    outcome(result);
  };

  const sendLocation = async () => {
    if (!mustFollow()) return;
    const choice = $('location').value;
    const [lat, lng, label] = choice === 'custom' ? [$('loc-lat').value, $('loc-lng').value, $('loc-label').value] : choice.split(',');
    if (!lat || !lng || Number.isNaN(Number(lat)) || Number.isNaN(Number(lng))) return system('请填写纬度和经度', true);
    const message = { MsgType: 'location', Location_X: String(lat), Location_Y: String(lng), Scale: '15', Label: label || '' };
    const result = await send(message);
    add({ who: 'follower', kind: 'location', message });
    outcome(result);
  };

  const follow = async (scene) => {
    const code = scene ? (state.qrcodes || []).find((q) => q.value === scene) : undefined;
    const ticket = code ? { Ticket: code.ticket } : {};
    if (!state.account || !state.follower) return system('请先选择公众号和粉丝', true);
    if (scene && state.follower.subscribed) {
      system(`扫描了二维码（场景 ${scene}）`);
      outcome(await send({ MsgType: 'event', Event: 'SCAN', EventKey: scene, ...ticket }));
    } else {
      if (state.follower.subscribed) return system('已经关注了');
      system(scene ? `扫码关注了公众号（场景 ${scene}）` : '关注了公众号');
      outcome(await send({ MsgType: 'event', Event: 'subscribe', ...(scene ? { EventKey: `qrscene_${scene}`, ...ticket } : { EventKey: '' }) }));
    }
    await loadFollowers(state.follower.openid);
    await loadMenu();
  };

  const unfollow = async () => {
    if (!mustFollow()) return;
    system('取消关注了公众号');
    const result = await send({ MsgType: 'event', Event: 'unsubscribe', EventKey: '' });
    // WeChat shows the one who left nothing more from the account: no reply to read.
    if (!(result.attempts || []).some((a) => a.status === 200)) outcome(result);
    await loadFollowers(state.follower.openid);
    await loadMenu();
  };

  const tap = async (path, button) => {
    state.openMenu = -1;
    drawMenu();
    if (!mustFollow()) return;
    const result = await api('POST', '/__sim/follower/menu', { ...delivery(), openid: state.follower.openid, button: path });
    if (result.error) return system(`点菜单失败：${result.error}`, true);
    if (button.type === 'view') system(`点了菜单「${button.name}」，打开网页：${button.url}`);
    else system(`点了菜单「${button.name}」`);
    if (result.pushed && button.type !== 'view') outcome(result);
    await pollReceived();
  };

  // ---- the menu bar, as WeChat draws it below the chat ----
  const drawMenu = () => {
    const bar = $('menubar');
    bar.replaceChildren();
    state.menu.forEach((top, i) => {
      const cell = el('div');
      const subs = top.sub_button || [];
      const button = el('button', { type: 'button', text: subs.length ? `≡ ${top.name}` : top.name, ...(subs.length ? { 'aria-expanded': String(state.openMenu === i) } : {}) });
      button.addEventListener('click', () => {
        if (subs.length) {
          state.openMenu = state.openMenu === i ? -1 : i;
          drawMenu();
        } else tap(`button[${i}]`, top);
      });
      cell.append(button);
      if (subs.length && state.openMenu === i) {
        const list = el('ul', { class: 'submenu' });
        subs.forEach((sub, j) => {
          const item = el('button', { type: 'button', text: sub.name });
          item.addEventListener('click', () => tap(`button[${i}].sub_button[${j}]`, sub));
          list.append(el('li', {}, [item]));
        });
        cell.append(list);
      }
      bar.append(cell);
    });
    bar.hidden = state.menu.length === 0;
  };

  const loadMenu = async () => {
    if (!state.account) return;
    const seen = await api('GET', `/__sim/follower/menu?${query({ appid: state.account.appid, openid: state.follower ? state.follower.openid : '' })}`);
    state.menu = seen.menu || [];
    drawMenu();
  };

  // ---- accounts, followers, QR codes ----
  const modeNames = { plain: '明文模式', compat: '兼容模式', safe: '安全模式' };
  const chooseAccount = async (appid) => {
    state.account = state.accounts.find((a) => a.appid === appid);
    state.follower = undefined;
    const a = state.account;
    $('chat-title').textContent = a ? a.nickname : '请选择公众号';
    $('account-mode').textContent = a
      ? a.via === 'component'
        ? `AppID ${a.appid} · 已授权第三方平台 · ${modeNames[a.mode]}`
        : `AppID ${a.appid} · 开发者模式 · ${modeNames[a.mode]}`
      : '还没有已授权或已绑定的公众号：先在控制台授权或绑定一个。';
    $('server-config').hidden = !a || a.via !== 'direct';
    if (a && a.via === 'direct') {
      $('cfg-token').value = a.token;
      $('cfg-aes').value = a.aesKey;
      $('cfg-mode').value = a.mode;
    }
    await Promise.all([loadFollowers(), loadQrcodes(), loadMenu()]);
    redraw();
  };

  const loadAccounts = async () => {
    state.accounts = (await api('GET', '/__sim/panel/accounts')).accounts;
    const select = $('account');
    select.replaceChildren(...state.accounts.map((a) => el('option', { value: a.appid, text: `${a.nickname}（${a.appid}）` })));
    const wanted = new URLSearchParams(location.search).get('appid') || localStorage.getItem('follower-panel:account');
    if (wanted && state.accounts.some((a) => a.appid === wanted)) select.value = wanted;
    await chooseAccount(select.value);
  };

  const loadFollowers = async (keep) => {
    if (!state.account) {
      state.followers = [];
    } else {
      state.followers = (await api('GET', `/__sim/panel/followers?${query({ appid: state.account.appid })}`)).followers;
    }
    const current = keep || (state.follower && state.follower.openid);
    state.follower = state.followers.find((f) => f.openid === current) || state.follower;
    if (state.follower) state.follower = state.followers.find((f) => f.openid === state.follower.openid);
    const list = $('followers');
    list.replaceChildren(
      ...state.followers.map((f) => {
        const b = el('button', { type: 'button', 'aria-pressed': String(state.follower === f), text: `${f.name} · ${f.subscribed ? '已关注' : '未关注'}` });
        b.addEventListener('click', async () => {
          state.follower = f;
          await loadFollowers(f.openid);
          await loadMenu();
          redraw();
        });
        return el('li', {}, [b]);
      }),
    );
    if (state.followers.length === 0) list.append(el('li', { class: 'hint', text: '还没有粉丝：点「新的粉丝」。' }));
  };

  const loadQrcodes = async () => {
    const select = $('qrcode');
    if (!state.account) return select.replaceChildren();
    const { issued } = await api('GET', `/__sim/qrcodes?${query({ appid: state.account.appid })}`);
    const scenes = [];
    // The newest code of a scene is the one a poster would carry.
    for (const code of [...issued].reverse()) {
      if (!scenes.some((s) => s.value === code.scene)) scenes.push({ value: code.scene, ticket: code.ticket, text: `场景 ${code.scene}（${code.permanent ? '永久' : '临时'}二维码）` });
    }
    state.qrcodes = scenes;
    select.replaceChildren(...scenes.map((s) => el('option', { value: s.value, text: s.text })));
    if (scenes.length === 0) select.append(el('option', { value: '', text: '还没有二维码：在控制台生成一个' }));
  };

  /** Customer-service messages the account sent to this follower since the last look. */
  const pollReceived = async () => {
    if (!state.account || !state.follower) return;
    const { appid } = state.account;
    const { openid } = state.follower;
    const { messages } = await api('GET', `/__sim/follower/received?${query({ appid, openid })}`);
    if (!state.account || state.account.appid !== appid || !state.follower || state.follower.openid !== openid) return;
    const log = readLog();
    const fresh = messages.slice(log.received || 0);
    if (fresh.length === 0) return;
    log.received = messages.length;
    writeLog(log);
    for (const m of fresh) add({ who: 'account', kind: 'custom', appid, message: m });
  };

  // ---- wiring ----
  $('account').addEventListener('change', (e) => {
    localStorage.setItem('follower-panel:account', e.target.value);
    chooseAccount(e.target.value);
  });
  $('new-follower').addEventListener('click', async () => {
    if (!state.account) return system('请先选择公众号', true);
    const made = await api('POST', '/__sim/panel/followers', { appid: state.account.appid });
    state.follower = made;
    await loadFollowers(made.openid);
    await loadMenu();
    redraw();
  });
  $('follow').addEventListener('click', () => follow(''));
  $('unfollow').addEventListener('click', unfollow);
  $('scan').addEventListener('click', () => {
    const scene = $('qrcode').value;
    if (!scene) return system('这个公众号还没有二维码', true);
    follow(scene);
  });
  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('text').value.trim();
    $('text').value = '';
    sendText(text);
  });
  $('send-photo').addEventListener('click', () => sendPhoto());
  $('photo-file').addEventListener('change', async (e) => {
    const file = e.target.files && e.target.files[0];
    e.target.value = '';
    if (!file || !mustFollow()) return;
    const res = await fetch(`/__sim/panel/photo?${query({ appid: state.account.appid })}`, { method: 'POST', headers: { 'content-type': file.type || 'image/jpeg' }, body: file });
    const made = await res.json();
    if (!made.media_id) return system(made.error || '图片上传失败', true);
    sendPhoto(made.media_id);
  });
  $('location').addEventListener('change', (e) => ($('custom-location').hidden = e.target.value !== 'custom'));
  $('send-location').addEventListener('click', sendLocation);
  $('cfg-save').addEventListener('click', async () => {
    const saved = await api('PUT', '/__sim/panel/server-config', { appid: state.account.appid, token: $('cfg-token').value, aesKey: $('cfg-aes').value, mode: $('cfg-mode').value });
    if (saved.error) return system(saved.error, true);
    Object.assign(state.account, saved);
    $('account-mode').textContent = `AppID ${state.account.appid} · 开发者模式 · ${modeNames[saved.mode]}`;
    system(`服务器配置已保存：${modeNames[saved.mode]}`);
  });
  // Customer-service messages arrive whenever the account sends them.
  setInterval(pollReceived, 2000);
  loadAccounts();
})();
