// Loads @peculiar/x509, the maintained X.509 library the certificate is made with (never hand-written
// ASN.1). It resolves its services through tsyringe, which refuses to load unless the Reflect metadata
// API (the TC39 decorator-metadata proposal that `reflect-metadata` polyfills) exists. Only the three
// functions tsyringe calls are provided, and only when no polyfill is present. The library is imported
// dynamically, after that: a static import would be evaluated before this module's body in ES modules
// (and in the bundled CLI, where the package stays external).
type X509Module = typeof import('@peculiar/x509')

type MetadataKey = unknown
interface ReflectMetadata {
  getMetadata?: (key: MetadataKey, target: object) => unknown
  getOwnMetadata?: (key: MetadataKey, target: object) => unknown
  defineMetadata?: (key: MetadataKey, value: unknown, target: object) => void
}

function provideReflectMetadata(): void {
  const reflect = Reflect as typeof Reflect & ReflectMetadata
  if (typeof reflect.getMetadata === 'function') return
  const store = new WeakMap<object, Map<MetadataKey, unknown>>()
  const own = (key: MetadataKey, target: object): unknown => store.get(target)?.get(key)
  reflect.getOwnMetadata = own
  reflect.getMetadata = (key, target) => {
    // Like reflect-metadata: inherited along the prototype chain.
    for (let o: object | null = target; o !== null; o = Object.getPrototypeOf(o) as object | null) {
      const value = own(key, o)
      if (value !== undefined) return value
    }
    return undefined
  }
  reflect.defineMetadata = (key, value, target) => {
    let map = store.get(target)
    if (!map) store.set(target, (map = new Map()))
    map.set(key, value)
  }
}

let loading: Promise<X509Module> | null = null

export function loadX509(): Promise<X509Module> {
  if (!loading) {
    provideReflectMetadata()
    loading = import('@peculiar/x509')
    loading.catch(() => (loading = null))
  }
  return loading
}
