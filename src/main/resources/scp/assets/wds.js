// The page's one WebSocket to the WDS, shared by every widget: a widget subscribes to a channel
// with a handler and gets the cached snapshot, then every update, in order. The token rides in the
// URL because a browser cannot set headers on a WebSocket. After a dropped connection it connects
// again and subscribes to the same channels (each snapshot re-syncs its widget); when the token
// has expired (close code 4401) it stops: only a new log-in gives a new token.
'use strict';

class WdsClient {
  constructor(url, token, onStatus) {
    this.url = url + '?token=' + encodeURIComponent(token);
    this.onStatus = onStatus;
    this.handlers = new Map(); // channel -> handler(data, type)
    this.socket = null;
    this.connect();
  }

  connect() {
    this.onStatus('connecting');
    const socket = (this.socket = new WebSocket(this.url));
    socket.onopen = () => {
      this.onStatus('live');
      if (this.handlers.size) {
        this.send('subscribe', [...this.handlers.keys()]);
      }
    };
    socket.onmessage = (m) => this.receive(JSON.parse(m.data));
    socket.onclose = (e) => {
      if (e.code === 4401) {
        this.onStatus('session expired: log in again');
      } else {
        this.onStatus('disconnected (' + e.code + '), reconnecting');
        setTimeout(() => this.connect(), 2000);
      }
    };
  }

  receive(message) {
    if (message.type === 'snapshot' || message.type === 'update') {
      const handler = this.handlers.get(message.channel);
      if (handler && message.data !== null) {
        handler(message.data, message.type);
      }
    } else if (message.type === 'error') {
      console.warn('WDS:', message.message);
    }
  }

  subscribe(channel, handler) {
    const known = this.handlers.has(channel);
    this.handlers.set(channel, handler);
    if (!known) {
      this.send('subscribe', [channel]);
    }
  }

  unsubscribe(channel) {
    if (this.handlers.delete(channel)) {
      this.send('unsubscribe', [channel]);
    }
  }

  /** Sent only while open: on (re)connect every channel is subscribed again anyway. */
  send(action, channels) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify({ action, channels }));
    }
  }
}
