export { SimulatedCpe } from './simulated-cpe';
