// Loads @peculiar/x509, the maintained X.509 library the certificate is made with (never hand-written
// ASN.1). It resolves its services through tsyringe, which refuses to load unless the Reflect metadata
// API exists: `reflect-metadata` (the polyfill tsyringe documents) is loaded first. Both are imported
// lazily, on the first certificate, so a server without --https never pays for them.
type X509Module = typeof import('@peculiar/x509')

let loading: Promise<X509Module> | null = null

export function loadX509(): Promise<X509Module> {
  if (!loading) {
    loading = import('reflect-metadata').then(() => import('@peculiar/x509'))
    loading.catch(() => (loading = null))
  }
  return loading
}
