/**
 * Whether a Digest `uri` names the resource of this request (RFC 7616 section 3.4.6). CPE stacks
 * send the request-target as is, or an absolute URL of it: both are accepted, nothing else, so a
 * response captured for another path cannot be replayed here.
 */
export function digestUriMatches(digestUri: string, requestUri: string): boolean {
  if (digestUri === requestUri) return true;
  if (!/^https?:\/\//i.test(digestUri)) return false;
  try {
    const url = new URL(digestUri);
    return `${url.pathname}${url.search}` === requestUri;
  } catch {
    return false;
  }
}
