export type { InventoryWrites } from './inventory-writes';
export { KafkaInventoryWrites } from './kafka-inventory-writes';
export { StoreInventoryWrites } from './store-inventory-writes';
