import { createHash } from "node:crypto";

/**
 * A CDN URL in nginx's `secure_link` scheme (also what nginx-based CDNs and many "token auth"
 * edges accept): `<base>/<key>?md5=<token>&expires=<unix seconds>`, where token is the base64url
 * (unpadded) MD5 of `<expires><uri> <secret>` and `<uri>` is the decoded request path. The edge
 * checks it with
 *
 *     secure_link $arg_md5,$arg_expires;
 *     secure_link_md5 "$secure_link_expires$uri <secret>";
 *     if ($secure_link = "")  { return 403; }   # wrong token
 *     if ($secure_link = "0") { return 403; }   # expired
 *
 * MD5 is what nginx offers here; the secret never leaves the service and the CDN.
 */
export function signCdnUrl(args: { baseUrl: string; key: string; secret: string; expires: number }): string {
  const base = new URL(args.baseUrl);
  const basePath = base.pathname.replace(/\/+$/, "");
  const uri = `${basePath}/${args.key}`;
  const md5 = createHash("md5").update(`${args.expires}${uri} ${args.secret}`).digest("base64url");
  const encodedPath = `${basePath}/${args.key.split("/").map(encodeURIComponent).join("/")}`;
  const query = new URLSearchParams({ md5, expires: String(args.expires) });
  return `${base.origin}${encodedPath}?${query}`;
}
