/** Where one node of the cluster listens and keeps its data. */
export interface NodePlacement {
  id: number;
  /** Client listener (PLAINTEXT) of a broker; the KRaft listener of the controller. */
  port: number;
  logDir: string;
}

export interface ClusterDefaults {
  replicationFactor: number;
  minInsyncReplicas: number;
}

const HOST = '127.0.0.1';

/**
 * The metadata quorum is one controller of its own, not the brokers: with combined roles,
 * stopping two of three brokers would also stop the quorum, and a cluster without a quorum
 * cannot shrink an ISR, so "fewer in-sync replicas than min.insync.replicas" could never be
 * seen. Production runs three controllers; the fault suites kill brokers, never the controller.
 */
export function controllerProperties(controller: NodePlacement, defaults: ClusterDefaults): string {
  return render({
    // The controller creates topics: the cluster-wide defaults apply from its configuration.
    'default.replication.factor': String(defaults.replicationFactor),
    'min.insync.replicas': String(defaults.minInsyncReplicas),
    'process.roles': 'controller',
    'node.id': String(controller.id),
    'controller.quorum.voters': voters(controller),
    listeners: `CONTROLLER://${HOST}:${controller.port}`,
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT',
    'log.dirs': controller.logDir,
    'num.io.threads': '2',
    'num.network.threads': '1',
    'background.threads': '2',
  });
}

/**
 * server.properties of one broker. The timings are shorter than Kafka's defaults so that a
 * killed broker is fenced, and its partitions' leadership moves, in a few seconds instead of
 * tens: the fault suites wait on exactly that.
 */
export function brokerProperties(
  broker: NodePlacement,
  controller: NodePlacement,
  defaults: ClusterDefaults,
): string {
  const replicas = String(defaults.replicationFactor);
  const minIsr = String(defaults.minInsyncReplicas);
  return render({
    'process.roles': 'broker',
    'node.id': String(broker.id),
    'controller.quorum.voters': voters(controller),
    listeners: `PLAINTEXT://${HOST}:${broker.port}`,
    'advertised.listeners': `PLAINTEXT://${HOST}:${broker.port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': broker.logDir,
    // The platform's topics are made by an operator (the admin API), never on first use.
    'auto.create.topics.enable': 'false',
    'default.replication.factor': replicas,
    'min.insync.replicas': minIsr,
    'offsets.topic.replication.factor': replicas,
    'offsets.topic.num.partitions': '10',
    'transaction.state.log.replication.factor': replicas,
    'transaction.state.log.min.isr': minIsr,
    'transaction.state.log.num.partitions': '4',
    'share.coordinator.state.topic.replication.factor': replicas,
    'share.coordinator.state.topic.min.isr': minIsr,
    'group.initial.rebalance.delay.ms': '0',
    // Tests run consumer groups with short session timeouts, so that a killed member's
    // partitions move in seconds (Kafka's floor is 6 s).
    'group.min.session.timeout.ms': '1000',
    'unclean.leader.election.enable': 'false',
    'broker.heartbeat.interval.ms': '500',
    'broker.session.timeout.ms': '3000',
    'replica.lag.time.max.ms': '5000',
    'num.network.threads': '2',
    'num.io.threads': '4',
    'num.recovery.threads.per.data.dir': '1',
    'background.threads': '4',
    'log.cleaner.threads': '1',
  });
}

export function bootstrapAddress(broker: NodePlacement): string {
  return `${HOST}:${broker.port}`;
}

function voters(controller: NodePlacement): string {
  return `${controller.id}@${HOST}:${controller.port}`;
}

function render(settings: Record<string, string>): string {
  return Object.entries(settings)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')
    .concat('\n');
}
