const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford's base32: no I, L, O, U to misread

/**
 * A receipt number: the day and six characters from the sale's UUID,
 * "R261129-7K3QMX". Tills number offline and independently, so a per-store
 * counter would collide between tills; 32^6 numbers a day make a clash rare,
 * and a clash within this store is retried with a new id before anything is written.
 */
export function saleNumber(id: string, at: Date): string {
  const day = at.toISOString().slice(2, 10).replace(/-/g, '');
  const hex = id.replace(/-/g, '');
  let n = BigInt(`0x${hex.slice(0, 12) || '0'}`);
  let code = '';
  for (let i = 0; i < 6; i++) {
    code = ALPHABET[Number(n % 32n)]! + code;
    n /= 32n;
  }
  return `R${day}-${code}`;
}
