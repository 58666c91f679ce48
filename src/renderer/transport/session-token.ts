// `ropc-lab serve --ui` prints a URL carrying `?session=<token>`. The page reads it once,
// keeps it for this tab (sessionStorage survives a reload, not a new tab) and removes it from
// the address bar so it does not end up in bookmarks, screenshots or the Referer.
import { SESSION_QUERY_PARAM as QUERY_PARAM } from '../../shared/http-bridge'

const STORAGE_KEY = 'ropc-lab.session'

export interface SessionEnvironment {
  location: Pick<Location, 'href'>
  storage: Pick<Storage, 'getItem' | 'setItem'>
  history: Pick<History, 'replaceState' | 'state'>
}

export function takeSessionToken(env: SessionEnvironment): string | null {
  const url = new URL(env.location.href)
  const fromUrl = url.searchParams.get(QUERY_PARAM)
  if (fromUrl) {
    env.storage.setItem(STORAGE_KEY, fromUrl)
    url.searchParams.delete(QUERY_PARAM)
    env.history.replaceState(env.history.state, '', url.pathname + url.search + url.hash)
    return fromUrl
  }
  return env.storage.getItem(STORAGE_KEY)
}
