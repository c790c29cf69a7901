package io.sentimentstream.drills;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;

/** Which input partitions each member of a Streams group holds, as the coordinator says. */
final class GroupAssignment {
  private GroupAssignment() {}

  /** Member (group.instance.id, or client id) to the number of input-topic partitions it owns. */
  static Map<String, Integer> of(String bootstrap, String group, String topic) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      ConsumerGroupDescription d =
          admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
      Map<String, Integer> out = new TreeMap<>();
      for (MemberDescription m : d.members()) {
        String who = m.groupInstanceId().orElse(m.clientId());
        long n =
            m.assignment().topicPartitions().stream()
                .filter(tp -> tp.topic().equals(topic))
                .count();
        out.merge(who, (int) n, Integer::sum);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    } catch (ExecutionException e) {
      return Map.of("(describe failed: " + e.getCause() + ")", 0);
    }
  }
}
