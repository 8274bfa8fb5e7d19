# A program writing to the store, Python's sqlite3 module, one connection per insert:
#   python3 writer.py DB LOG STOP PREFIX
# Each id is appended to LOG only after its commit returned. Runs until STOP exists.
import json, os, sqlite3, sys, time

db_path, log_path, stop_path, prefix = sys.argv[1:5]
errors = {}
committed = 0
i = 0
with open(log_path, 'a') as log:
    while not os.path.exists(stop_path):
        i += 1
        ident = f'{prefix}-{i}'
        try:
            con = sqlite3.connect(db_path, timeout=10)
            try:
                with con:
                    con.execute(
                        "INSERT INTO pending_operations (id, entity_type, entity_id, operation, payload, created_at, updated_at) "
                        "VALUES (?, 'sale', ?, 'insert', '{}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                        (ident, f's{i}'),
                    )
            finally:
                con.close()
            log.write(ident + '\n')
            log.flush()
            committed += 1
        except sqlite3.Error as err:
            key = f'{type(err).__name__}: {err}'
            errors[key] = errors.get(key, 0) + 1
        time.sleep(0.005)
print(json.dumps({'committed': committed, 'errors': errors}))
