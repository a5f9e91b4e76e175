/* One IndexedDB object store, as promises: what the capture page keeps on the phone (the outbox's
 * reports, outbox.js; the phone's install key and mapping-event code, outbox-keys.js). Each store
 * is a database of its own, at version 1, so that one never has to wait for the other's upgrade.
 *
 * store(database, name, keyPath) → {get(key), put(value), del(key), all()}; the database is
 * opened on first use and again after a failure. */

export function store(databaseName, storeName, keyPath) {
  let opening = null;

  function database() {
    if (!opening) {
      opening = new Promise((resolve, reject) => {
        const request = indexedDB.open(databaseName, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(storeName, { keyPath: keyPath });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
        request.onblocked = () => reject(new Error("IndexedDB blocked"));
      });
      opening.catch(() => { opening = null; });
    }
    return opening;
  }

  async function transaction(mode, work) {
    const db = await database();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(storeName, mode);
      let result;
      const request = work(tx.objectStore(storeName));
      if (request) request.onsuccess = () => { result = request.result; };
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error("transaction aborted"));
    });
  }

  return {
    get: (key) => transaction("readonly", (objects) => objects.get(key)),
    put: (value) => transaction("readwrite", (objects) => objects.put(value)),
    del: (key) => transaction("readwrite", (objects) => objects.delete(key)),
    all: async () => (await transaction("readonly", (objects) => objects.getAll())) || [],
  };
}
