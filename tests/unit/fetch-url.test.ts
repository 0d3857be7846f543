// Fetching a page by address. Every server here listens on 127.0.0.1 and is
// reached only through the allow-list; every other address in these tests
// must be refused by the policy before a connection is attempted.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { plainTextOf } from '@/server/domain/plain-text';
import { extractArticle } from '@/server/import/extract-article';
import { FetchError, fetchPage, isBlockedAddress } from '@/server/import/fetch-url';
import { importFromUrl } from '@/server/import/from-url';
import { ImportError } from '@/server/import';

const LOCAL = { allowedAddresses: ['127.0.0.1'] };

interface TestServer {
  url: string;
  port: number;
  /** Requests the server has seen, as paths. */
  hits: string[];
}

const servers: http.Server[] = [];

async function serve(handler: http.RequestListener): Promise<TestServer> {
  const hits: string[] = [];
  const server = http.createServer((request, response) => {
    hits.push(request.url ?? '');
    handler(request, response);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port, hits };
}

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

function page(status: number, body: string | Buffer, headers: http.OutgoingHttpHeaders = {}): http.RequestListener {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
    response.end(body);
  };
}

const PARAGRAPHS = [
  'The city council voted on Tuesday to expand the bus network by twelve routes, the largest expansion since 1998.',
  'Council member Ada Lovelace said the plan would cut average commute times by a quarter within two years of opening.',
  'Critics noted that the budget for the plan had not been published and that similar promises were made in 2015.',
  'The transit authority said ridership had grown by eight percent last year, citing figures from its annual report.',
];

const ARTICLE = `<!doctype html>
<html><head>
  <meta charset="utf-8">
  <title>Council expands bus network | The Daily Example</title>
  <meta property="og:site_name" content="The Daily Example">
  <meta name="author" content="Grace Hopper">
  <meta property="article:published_time" content="2024-03-05T09:30:00+01:00">
  <link rel="canonical" href="/news/bus-network?utm=none">
  <script>document.title = 'HACKED'; window.addEventListener('load', () => document.body.innerHTML = 'HACKED');</script>
</head><body>
  <nav><a href="/">Home</a> <a href="/news">News</a></nav>
  <article>
    <h1>Council expands bus network</h1>
    ${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n    ')}
    <script>document.write('<p>alert(1) injected</p>')</script>
  </article>
  <footer>Copyright The Daily Example</footer>
</body></html>`;

describe('importFromUrl', () => {
  it('fetches an allowed local page and imports its article with metadata', async () => {
    const server = await serve(page(200, ARTICLE));
    const result = await importFromUrl(`${server.url}/story`, LOCAL);
    expect(result.title).toBe('Council expands bus network');
    expect(result.byline).toBe('Grace Hopper');
    expect(result.publishedAt).toBe('2024-03-05T08:30:00.000Z');
    expect(result.sourceUrl).toBe(`${server.url}/news/bus-network?utm=none`);
    const text = plainTextOf(result.doc);
    for (const paragraph of PARAGRAPHS) expect(text).toContain(paragraph);
    expect(text).not.toMatch(/HACKED|alert|document\.write|Copyright/);
    const types = result.doc.content.content.map((node) => node.type.name);
    expect(types).toEqual(['title', 'paragraph', 'paragraph', 'paragraph', 'paragraph']);
  });

  it('uses the final address when the page names no canonical one', async () => {
    const server = await serve((request, response) => {
      if (request.url === '/short') return page(301, '', { location: '/long/story' })(request, response);
      page(200, ARTICLE.replace(/<link rel="canonical"[^>]*>/, ''))(request, response);
    });
    const result = await importFromUrl(`${server.url}/short`, LOCAL);
    expect(result.sourceUrl).toBe(`${server.url}/long/story`);
  });

  it('refuses the same local page without the allow-list, without connecting', async () => {
    const server = await serve(page(200, ARTICLE));
    await expect(importFromUrl(`${server.url}/story`)).rejects.toThrow(
      `127.0.0.1 is a private or local network address (loopback), which the app does not fetch`,
    );
    expect(server.hits).toEqual([]);
  });
});

describe('fetchPage: refused addresses', () => {
  it.each([
    ['http://[::1]:9/', '::1 is a private or local network address (loopback)'],
    ['http://0.0.0.0/', '0.0.0.0 is a private or local network address (unspecified)'],
    ['http://169.254.169.254/latest/meta-data', '169.254.169.254 is a private or local network address (link-local)'],
    ['http://10.0.0.1/', '10.0.0.1 is a private or local network address (private network)'],
    ['http://192.168.1.1:8080/admin', '(private network)'],
    ['http://100.64.0.1/', '(carrier-grade NAT)'],
    ['http://[fd00::1]/', '(unique local)'],
    ['http://[fe80::1]/', '(link-local)'],
    ['http://224.0.0.1/', '(multicast)'],
    ['http://255.255.255.255/', '(broadcast)'],
    // The URL parser turns these spellings into 127.0.0.1 and ::ffff:7f00:1 before we see them.
    ['http://2130706433/', '127.0.0.1 is a private or local network address (loopback)'],
    ['http://0x7f.1/', '127.0.0.1 is a private'],
    ['http://[::ffff:127.0.0.1]/', '(loopback, IPv4-mapped 127.0.0.1)'],
    ['http://[64:ff9b::a00:1]/', '(private network, NAT64 10.0.0.1)'],
    ['http://[2002:a9fe:a9fe::1]/', '(link-local, 6to4 169.254.169.254)'],
  ])('%s', async (url, message) => {
    // Refused before any request exists: no socket, no packet leaves the machine.
    const request = vi.spyOn(http, 'request');
    const started = Date.now();
    const error = await fetchPage(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as FetchError).message).toContain(message);
    expect((error as FetchError).message).toContain('which the app does not fetch');
    expect(request).not.toHaveBeenCalled();
    expect(Date.now() - started).toBeLessThan(1000); // no connect timeout was waited for
  });

  it('refuses IPv4-mapped loopback even when 127.0.0.1 is the only thing not allowed', async () => {
    await expect(fetchPage('http://[::ffff:127.0.0.1]/', { allowedAddresses: ['10.0.0.0/8'] })).rejects.toThrow(/IPv4-mapped 127\.0\.0\.1/);
  });

  it('refuses a name that resolves to loopback (the lookup is checked, not just the name)', async () => {
    const server = await serve(page(200, ARTICLE));
    const error = await fetchPage(`http://localhost:${server.port}/`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as FetchError).message).toMatch(
      /^localhost resolves to a private or local network address \((127\.0\.0\.1|::1), loopback\), which the app does not fetch$/,
    );
    expect(server.hits).toEqual([]);
  });

  it('checks the address actually connected to, even when the lookup is bypassed', async () => {
    const server = await serve(page(200, ARTICLE));
    // Drop our lookup so Node resolves the name itself: only the socket check is left.
    const request = http.request;
    vi.spyOn(http, 'request').mockImplementation(((options: http.RequestOptions, callback?: (r: http.IncomingMessage) => void) =>
      request({ ...options, lookup: undefined }, callback)) as typeof http.request);
    await expect(fetchPage(`http://localhost:${server.port}/`)).rejects.toThrow(
      /^localhost resolves to a private or local network address \(127\.0\.0\.1, loopback\)/,
    );
    expect(server.hits).toEqual([]); // refused on connect, before the request was written
  });

  it.each([
    ['ftp://127.0.0.1/file.html', 'Only http and https addresses can be imported, not ftp:'],
    ['file:///etc/passwd', 'Only http and https addresses can be imported, not file:'],
    ['javascript:alert(1)', 'Only http and https addresses can be imported, not javascript:'],
    ['data:text/html,<p>hi</p>', 'Only http and https addresses can be imported, not data:'],
    ['not a url', 'That is not a valid web address'],
  ])('refuses %s', async (url, message) => {
    const request = vi.spyOn(http, 'request');
    await expect(fetchPage(url, LOCAL)).rejects.toThrow(new FetchError(message));
    expect(request).not.toHaveBeenCalled();
  });
});

describe('fetchPage: redirects', () => {
  /** `/hop/N` redirects to `/hop/N-1`; `/hop/0` is the page. */
  const chain = () =>
    serve((request, response) => {
      const n = Number(/^\/hop\/(\d+)$/.exec(request.url ?? '')?.[1]);
      if (n > 0) return page(302, '', { location: `/hop/${n - 1}` })(request, response);
      page(200, '<p>arrived</p>')(request, response);
    });

  it('follows up to maxRedirects hops and reports the final address', async () => {
    const server = await chain();
    const fetched = await fetchPage(`${server.url}/hop/5`, LOCAL);
    expect(fetched.finalUrl).toBe(`${server.url}/hop/0`);
    expect(fetched.html).toBe('<p>arrived</p>');
    expect((await fetchPage(`${server.url}/hop/2`, { ...LOCAL, maxRedirects: 2 })).finalUrl).toBe(`${server.url}/hop/0`);
  });

  it('stops after maxRedirects', async () => {
    const server = await chain();
    await expect(fetchPage(`${server.url}/hop/6`, LOCAL)).rejects.toThrow(
      'The page redirected more than 5 times, so the app stopped following it',
    );
    expect(server.hits).toHaveLength(6);
    await expect(fetchPage(`${server.url}/hop/3`, { ...LOCAL, maxRedirects: 2 })).rejects.toThrow(/more than 2 times/);
  });

  it('refuses a redirect to a file: address', async () => {
    const server = await serve(page(302, '', { location: 'file:///etc/passwd' }));
    await expect(fetchPage(server.url, LOCAL)).rejects.toThrow(
      'The page redirected to a file: address; only http and https pages can be imported',
    );
  });

  it('checks the address of every hop', async () => {
    const server = await serve(page(307, '', { location: 'http://169.254.169.254/latest/meta-data' }));
    const request = vi.spyOn(http, 'request');
    await expect(fetchPage(server.url, LOCAL)).rejects.toThrow('169.254.169.254 is a private or local network address (link-local)');
    expect(request).toHaveBeenCalledTimes(1); // the first hop only
  });
});

describe('fetchPage: failures', () => {
  it('gives up on a server that never answers', async () => {
    const server = await serve(() => {});
    const started = Date.now();
    await expect(fetchPage(server.url, { ...LOCAL, timeoutMs: 300 })).rejects.toThrow(
      'The server at 127.0.0.1 did not answer within 0.3 seconds',
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('times out a body that trickles in', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.write('<p>start');
    });
    await expect(fetchPage(server.url, { ...LOCAL, timeoutMs: 300 })).rejects.toThrow(/did not answer within 0\.3 seconds/);
  });

  it('refuses a body larger than maxBytes, declared or streamed', async () => {
    const big = `<p>${'x'.repeat(5000)}</p>`;
    const declared = await serve(page(200, big));
    await expect(fetchPage(declared.url, { ...LOCAL, maxBytes: 1000 })).rejects.toThrow(
      'The page is larger than 1 KB, the most the app imports',
    );
    const streamed = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }); // chunked: no length announced
      for (let i = 0; i < 10; i++) response.write(big);
      response.end();
    });
    await expect(fetchPage(streamed.url, { ...LOCAL, maxBytes: 1000 })).rejects.toThrow(/larger than 1 KB/);
  });

  it('counts decompressed bytes against maxBytes', async () => {
    const bomb = gzipSync(`<p>${'x'.repeat(100_000)}</p>`);
    const server = await serve(page(200, bomb, { 'content-encoding': 'gzip' }));
    expect(bomb.length).toBeLessThan(1000);
    await expect(fetchPage(server.url, { ...LOCAL, maxBytes: 10_000 })).rejects.toThrow(/larger than 9\.8 KB/);
  });

  it('refuses what is not HTML', async () => {
    const server = await serve(page(200, '{"a":1}', { 'content-type': 'application/json' }));
    await expect(fetchPage(server.url, LOCAL)).rejects.toThrow(
      'The address is not a web page (the server sent application/json); only HTML pages can be imported',
    );
  });

  it('reports an HTTP error status', async () => {
    const server = await serve(page(404, '<p>gone</p>'));
    await expect(fetchPage(server.url, LOCAL)).rejects.toThrow(new FetchError('The page answered 404 Not Found'));
  });

  it('reports a refused connection', async () => {
    const server = await serve(() => {});
    const closed = servers.pop()!;
    await new Promise((resolve) => closed.close(resolve));
    await expect(fetchPage(server.url, LOCAL)).rejects.toThrow('The server at 127.0.0.1 refused the connection');
  });
});

describe('fetchPage: decoding', () => {
  // "Café “quoted” €5–Ÿ" in windows-1252, which the web also means by latin1 and iso-8859-1.
  const latin = Buffer.concat([
    Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x93]),
    Buffer.from('quoted'),
    Buffer.from([0x94, 0x20, 0x80, 0x35, 0x96, 0x9f]),
  ]);

  it('decodes the charset named in Content-Type', async () => {
    const server = await serve(
      page(200, Buffer.concat([Buffer.from('<p>'), latin]), { 'content-type': 'text/html; charset=windows-1252' }),
    );
    expect((await fetchPage(server.url, LOCAL)).html).toBe('<p>Café “quoted” €5–Ÿ');
  });

  it('decodes the charset named in <meta>, and UTF-8 by default', async () => {
    const meta = await serve(
      page(200, Buffer.concat([Buffer.from('<meta charset="iso-8859-1"><p>'), latin]), { 'content-type': 'text/html' }),
    );
    expect((await fetchPage(meta.url, LOCAL)).html).toBe('<meta charset="iso-8859-1"><p>Café “quoted” €5–Ÿ');
    const plain = await serve(page(200, 'Café “quoted”', { 'content-type': 'application/xhtml+xml' }));
    const fetched = await fetchPage(plain.url, LOCAL);
    expect(fetched).toEqual({ finalUrl: `${plain.url}/`, html: 'Café “quoted”', contentType: 'application/xhtml+xml' });
  });

  it('reads a gzip-compressed page', async () => {
    const server = await serve(page(200, gzipSync('<p>Café</p>'), { 'content-encoding': 'gzip' }));
    expect((await fetchPage(server.url, LOCAL)).html).toBe('<p>Café</p>');
  });
});

describe('extractArticle', () => {
  const body = PARAGRAPHS.map((p) => `<p>${p}</p>`).join('');

  it('reads the date from JSON-LD, then <time>, and the byline from meta author', () => {
    const jsonLd = JSON.stringify({ '@graph': [{ '@type': 'WebPage' }, { '@type': 'NewsArticle', datePublished: '2023-11-02' }] });
    const withJsonLd = extractArticle(
      `<script type="application/ld+json">{broken</script><script type="application/ld+json">${jsonLd}</script>
       <meta name="Author" content=" Ada   Lovelace "><article>${body}</article>`,
      'https://news.example/a',
    );
    expect(withJsonLd.publishedAt).toBe('2023-11-02');
    expect(withJsonLd.byline).toBe('Ada Lovelace');
    const withTime = extractArticle(
      `<article><time datetime="2022-01-31T23:00:00Z">yesterday</time>${body}</article>`,
      'https://news.example/a',
    );
    expect(withTime.publishedAt).toBe('2022-01-31T23:00:00.000Z');
    expect(withTime.byline).toBeNull();
    expect(withTime.canonicalUrl).toBeNull();
  });

  it('keeps only absolute http(s) canonical addresses, resolved against the page', () => {
    const canonical = (href: string) =>
      extractArticle(`<link rel="Canonical" href="${href}"><article>${body}</article>`, 'https://news.example/section/a?x=1').canonicalUrl;
    expect(canonical('../b')).toBe('https://news.example/b');
    expect(canonical('http://other.example/c')).toBe('http://other.example/c');
    expect(canonical('javascript:alert(1)')).toBeNull();
    expect(canonical('ftp://news.example/a')).toBeNull();
  });

  it("does not run the page's scripts", () => {
    const extracted = extractArticle(
      `<article>${body}<script>document.querySelector('p').textContent = 'HACKED'</script></article>
       <img src="x" onerror="document.body.textContent = 'HACKED'">`,
      'https://news.example/a',
    );
    expect(extracted.html).toContain(PARAGRAPHS[0]);
    expect(extracted.html).not.toContain('HACKED');
  });

  it('throws ImportError when there is no article', () => {
    const empty = () => extractArticle('<html><body><script>var x = 1</script></body></html>', 'https://news.example/a');
    expect(empty).toThrow(ImportError);
    expect(empty).toThrow('No article text could be found on that page');
  });
});

describe('isBlockedAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['10.255.255.255', 'private network'],
    ['172.16.0.1', 'private network'],
    ['172.31.255.255', 'private network'],
    ['192.168.0.1', 'private network'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'unique local'],
    ['fdff:ffff::1', 'unique local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['224.0.0.251', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback, IPv4-mapped 127.0.0.1'],
    ['::ffff:7f00:1', 'loopback, IPv4-mapped 127.0.0.1'],
    ['::ffff:a9fe:a9fe', 'link-local, IPv4-mapped 169.254.169.254'],
    ['::ffff:0:a00:1', 'private network, IPv4-translated 10.0.0.1'],
    ['64:ff9b::127.0.0.1', 'loopback, NAT64 127.0.0.1'],
    ['2002:c0a8:0101::1', 'private network, 6to4 192.168.1.1'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback, Teredo 127.0.0.1'],
    ['::127.0.0.1', 'IPv4-compatible'],
    ['localhost', 'not an IP address'],
    ['', 'not an IP address'],
  ])('blocks %s (%s)', (ip, reason) => {
    expect(isBlockedAddress(ip, [])).toBe(reason);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.15.255.255',
    '172.32.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('allows public %s', (ip) => {
    expect(isBlockedAddress(ip, [])).toBeNull();
  });

  it('lets the allow-list through, by address or range, mapped forms included', () => {
    expect(isBlockedAddress('127.0.0.1', ['127.0.0.1'])).toBeNull();
    expect(isBlockedAddress('::ffff:127.0.0.1', ['127.0.0.1'])).toBeNull();
    expect(isBlockedAddress('127.0.0.2', ['127.0.0.1'])).toBe('loopback');
    expect(isBlockedAddress('10.20.30.40', [' 10.0.0.0/8 ', ''])).toBeNull();
    expect(isBlockedAddress('fd12::1', ['fd00::/8'])).toBeNull();
    expect(isBlockedAddress('fe80::1', ['fd00::/8'])).toBe('link-local');
    expect(() => isBlockedAddress('8.8.8.8', ['10.0.0.0/33'])).toThrow(/is not an IP address or CIDR range/);
    expect(() => isBlockedAddress('8.8.8.8', ['intranet.example'])).toThrow(/is not an IP address or CIDR range/);
  });

  it('reads the allow-list from FACTCHECK_FETCH_ALLOW when none is given', async () => {
    vi.stubEnv('FACTCHECK_FETCH_ALLOW', '192.168.0.0/16, 127.0.0.1');
    try {
      const server = await serve(page(200, '<p>ok</p>'));
      expect((await fetchPage(server.url)).html).toBe('<p>ok</p>');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
