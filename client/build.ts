// Temporary stand-in until the console bundle lands: serves a minimal page.
export async function buildClientAssets(): Promise<Map<string, { contentType: string; body: Buffer }>> {
  return new Map([['/', { contentType: 'text/html; charset=utf-8', body: Buffer.from('<!doctype html><title>Help desk</title>') }]]);
}
