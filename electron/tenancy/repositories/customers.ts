import type { Customer, CustomerVehicle } from '../models';
import { recordChange } from './activity';
import type { RepoDeps } from './deps';
import { requireParent } from './references';
import { scoped } from './scoped';
import { prefixRange } from './text-search';
import { rowColumns } from './columns';

/** Rows as the caller reads them: every column but tenant_id (columns.ts). */
const CUSTOMER_COLUMNS = rowColumns('customers');
const VEHICLE_COLUMNS = rowColumns('customer_vehicles');

export const SQL = {
  byLastNamePrefix: `SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE tenant_id = @tenantId AND last_name >= @from AND last_name < @to
    ORDER BY last_name, first_name LIMIT +@limit`,
  byPhonePrefix: `SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE tenant_id = @tenantId AND phone >= @from AND phone < @to ORDER BY phone LIMIT +@limit`,
  byId: `SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE +tenant_id = @tenantId AND id = @id`,
  vehicles: `SELECT ${VEHICLE_COLUMNS} FROM customer_vehicles WHERE tenant_id = @tenantId AND customer_id = @customerId ORDER BY year DESC, make, model`,
  vehicleById: `SELECT ${VEHICLE_COLUMNS} FROM customer_vehicles WHERE tenant_id = @tenantId AND id = @id`,
  insertVehicle: `INSERT INTO customer_vehicles (id, tenant_id, customer_id, vin, make, model, year, engine, license_plate, mileage, created_at)
    VALUES (@id, @tenantId, @customerId, @vin, @make, @model, @year, @engine, @licensePlate, @mileage, @createdAt)`,
  /** Licence plates as stored (upper case), by prefix: what a counter person reads off the car. */
  vehiclesByPlate: `SELECT ${VEHICLE_COLUMNS} FROM customer_vehicles WHERE tenant_id = @tenantId AND license_plate >= @from AND license_plate < @to
    ORDER BY license_plate, id LIMIT +@limit`,
  updateContact: `UPDATE customers SET phone = @phone, email = @email, updated_at = @updatedAt WHERE tenant_id = @tenantId AND id = @id`,
} as const;

export interface NewVehicle {
  make: string;
  model: string;
  year: number;
  vin?: string | null;
  engine?: string | null;
  licensePlate?: string | null;
  mileage?: number | null;
}

/** Phone numbers are stored as "(201) 555-0123": typed digits become that shape's prefix. */
export function phonePrefix(digits: string): string {
  const d = digits.replace(/\D/g, '');
  if (d.length === 0) return '';
  if (d.length <= 3) return `(${d}`;
  if (d.length <= 6) return `(${d.slice(0, 3)}) ${d.slice(3)}`;
  return `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 10)}`;
}

export function customersRepository(deps: RepoDeps) {
  return {
    /** Last names starting with the text (first letter capitalised, as they are stored), or phones starting with the digits. */
    search(query: string, limit = 25): Customer[] {
      const s = scoped(deps.db);
      const q = query.trim();
      if (q.length === 0) return [];
      if (/^[\d\s()+-]+$/.test(q)) {
        const prefix = phonePrefix(q);
        return prefix ? s.all<Customer>(SQL.byPhonePrefix, { ...prefixRange(prefix), limit }) : [];
      }
      const name = q.charAt(0).toLocaleUpperCase() + q.slice(1);
      return s.all<Customer>(SQL.byLastNamePrefix, { ...prefixRange(name), limit });
    },
    byId(id: string): Customer | undefined {
      return scoped(deps.db).get<Customer>(SQL.byId, { id });
    },
    vehicles(customerId: string): CustomerVehicle[] {
      return scoped(deps.db).all<CustomerVehicle>(SQL.vehicles, { customerId });
    },
    vehiclesByPlate(plate: string, limit = 20): CustomerVehicle[] {
      const p = plate.trim().toUpperCase();
      return p ? scoped(deps.db).all<CustomerVehicle>(SQL.vehiclesByPlate, { ...prefixRange(p), limit }) : [];
    },
    vehicle(id: string): CustomerVehicle | undefined {
      return scoped(deps.db).get<CustomerVehicle>(SQL.vehicleById, { id });
    },
    addVehicle(customerId: string, v: NewVehicle): CustomerVehicle {
      const s = scoped(deps.db);
      return s.transaction(() => {
        requireParent(s, 'customer_vehicles', 'customer_id', 'customers', customerId);
        const id = deps.newId();
        const row = {
          id,
          customerId,
          vin: v.vin ?? null,
          make: v.make,
          model: v.model,
          year: v.year,
          engine: v.engine ?? null,
          licensePlate: v.licensePlate ?? null,
          mileage: v.mileage ?? null,
          createdAt: deps.now().toISOString(),
        };
        s.run(SQL.insertVehicle, row);
        recordChange(s, deps, { action: 'customer_vehicle.create', entityType: 'customer_vehicle', entityId: id, operation: 'insert', payload: row });
        return s.get<CustomerVehicle>(SQL.vehicleById, { id })!;
      });
    },
    /** False when the customer is not this store's (nothing is changed then). */
    updateContact(id: string, contact: { phone: string | null; email: string | null }): boolean {
      const s = scoped(deps.db);
      return s.transaction(() => {
        if (s.run(SQL.updateContact, { id, ...contact, updatedAt: deps.now().toISOString() }).changes === 0) return false;
        recordChange(s, deps, { action: 'customer.update', entityType: 'customer', entityId: id, operation: 'update', payload: { id, ...contact } });
        return true;
      });
    },
  };
}
