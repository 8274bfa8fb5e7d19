/** Realistic values for demo stores: accents, apostrophes and hyphens included, as real customer lists have them. */
export const FIRST_NAMES = [
  'José', 'María', 'Zoë', 'Łukasz', 'Siobhán', 'Renée', 'Björn', 'Chloé', 'Dmitri', 'Aaliyah', 'Noël', 'Søren',
  'Mike', 'Sarah', 'David', 'Jennifer', 'Robert', 'Linda', 'James', 'Patricia', 'Kevin', 'Ngozi', 'Hiroshi', 'Ana-Lucía',
  'Tom', 'Emily', 'Carlos', 'Fatima', 'Liam', 'Olivia', 'Raúl', 'Ingrid', 'Jamal', 'Priya', 'Wei', 'Gráinne',
] as const;

export const LAST_NAMES = [
  "O'Brien", "D'Angelo", 'Müller', 'Nguyễn', 'García', 'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Kowalski',
  'Martínez', 'Dubois', 'Østergaard', 'Schröder', 'Van der Berg', 'MacDonald', "O'Connor", 'Rossi', 'Kim', 'Patel',
  'Okafor', 'Yamamoto', 'Fernández', 'Lefèvre', 'Novák', 'St. James', 'Smith-Jones', 'Andersson', 'Cohen', 'Haddad',
] as const;

export const STREETS = ['Main St', 'Elm Ave', 'Route 9', 'Rue Saint-Denis', 'Oak Blvd', 'Industrial Pkwy', 'Maple Ct', 'King St W'] as const;
export const CITIES = ['Springfield', 'Montréal', 'Quincy', 'San José', 'Coeur d’Alene', 'Toledo', 'Hamilton', 'Fort Worth'] as const;

export const VEHICLES: readonly { make: string; models: readonly string[] }[] = [
  { make: 'Ford', models: ['F-150', 'Escape', 'Focus', 'Mustang', 'Explorer', 'Ranger'] },
  { make: 'Chevrolet', models: ['Silverado 1500', 'Malibu', 'Equinox', 'Tahoe', 'Colorado'] },
  { make: 'Toyota', models: ['Camry', 'Corolla', 'RAV4', 'Tacoma', 'Tundra', 'Prius'] },
  { make: 'Honda', models: ['Civic', 'Accord', 'CR-V', 'Pilot', 'Odyssey'] },
  { make: 'Nissan', models: ['Altima', 'Sentra', 'Rogue', 'Frontier'] },
  { make: 'Ram', models: ['1500', '2500 HD'] },
  { make: 'Jeep', models: ['Wrangler', 'Grand Cherokee', 'Cherokee'] },
  { make: 'Subaru', models: ['Outback', 'Forester', 'Impreza', 'WRX'] },
  { make: 'Volkswagen', models: ['Jetta', 'Golf', 'Tiguan', 'Passat'] },
  { make: 'Hyundai', models: ['Elantra', 'Sonata', 'Tucson', 'Santa Fe'] },
  { make: 'Mercedes-Benz', models: ['C 300', 'E 350', 'Sprinter 2500'] },
  { make: 'Škoda', models: ['Octavia', 'Superb'] },
];

export const ENGINES = ['1.5L I4', '2.0L I4 Turbo', '2.5L I4', '3.5L V6', '5.0L V8', '2.7L V6 EcoBoost', '6.7L I6 Diesel', 'Hybrid 1.8L'] as const;

export const CATEGORIES = [
  'Brakes', 'Brake Pads', 'Rotors', 'Filters', 'Oil Filters', 'Air Filters', 'Cabin Filters', 'Engine Oil', 'Batteries',
  'Wipers', 'Spark Plugs', 'Ignition Coils', 'Belts & Hoses', 'Suspension', 'Shocks & Struts', 'Steering', 'Lighting',
  'Headlight Bulbs', 'Exhaust', 'Cooling', 'Radiators', 'Thermostats', 'Fuel System', 'Fuel Pumps', 'Electrical',
  'Alternators', 'Starters', 'Sensors', 'O₂ Sensors', 'Wheel Bearings', 'CV Axles', 'Gaskets', 'Tools', 'Fluids',
  'Coolant', 'Transmission Fluid', 'Brake Fluid', 'Tires', 'Wheels', 'Accessories', 'Floor Mats', 'Towing',
  'Trailer Hitches', 'Performance', 'Cold Air Intakes', 'Detailing', 'Waxes & Polish', 'Safety', 'Jump Starters',
  'Clutch Kits', 'Drivetrain', 'Body Parts', 'Mirrors', 'Door Handles', 'HVAC', 'A/C Compressors', 'Heater Cores',
  'Emissions', 'Catalytic Converters', 'Misc.',
] as const;

export const BRANDS = ['Bosch', 'ACDelco', 'Motorcraft', 'Denso', 'NGK', 'Wagner', 'Monroe', 'Gates', 'Mobil 1', 'Castrol', 'Moog', 'Fram', 'K&N', 'Brembo', 'Optima'] as const;

export const PART_NOUNS = ['Brake Pad Set', 'Rotor', 'Oil Filter', 'Air Filter', 'Battery', 'Wiper Blade', 'Spark Plug', 'Serpentine Belt', 'Strut Assembly', 'Headlight Bulb', 'Thermostat', 'Fuel Pump', 'Alternator', 'Starter', 'O₂ Sensor', 'Wheel Bearing', 'CV Axle', 'Valve Cover Gasket', 'Radiator Hose', 'Cabin Filter'] as const;

export const LABOR = ['Brake job – front', 'Oil change, synthetic', 'Diagnose check-engine light', 'Replace alternator', 'Wheel alignment', 'Battery test & replace', 'Coolant flush', 'Timing belt replacement', 'Tire rotation', "Customer's own part install"] as const;

export const AUDIT_ACTIONS = ['sale.complete', 'sale.void', 'work_order.create', 'work_order.update', 'inventory.adjust', 'customer.update', 'user.sign_in', 'user.sign_out', 'price.override', 'drawer.open'] as const;
