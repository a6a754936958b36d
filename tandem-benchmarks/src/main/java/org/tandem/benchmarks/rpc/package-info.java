/**
 * RPC throughput and latency benchmark (a plain main, not JMH): raw amqp-client request/reply,
 * Tandem RpcClient/RpcServer and real oslo.messaging on the same broker; run via {@code tools/bench/rpc-bench}.
 */
package org.tandem.benchmarks.rpc;
