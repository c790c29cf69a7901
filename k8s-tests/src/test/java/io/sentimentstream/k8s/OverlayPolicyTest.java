package io.sentimentstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** What every object and container of every overlay must satisfy. */
class OverlayPolicyTest {
  static final java.util.List<String> OVERLAYS = Kustomize.OVERLAYS;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyObjectParsesWithNoFieldTheModelDoesNotKnow(String overlay) {
    Rendered r = Kustomize.overlay(overlay);
    assertThat(r.objects()).hasSizeGreaterThanOrEqualTo(10);
    for (HasMetadata o : r.objects()) {
      assertThat(UnknownFields.of(o))
          .as("%s: unknown fields in %s %s", overlay, o.getKind(), o.getMetadata().getName())
          .isEmpty();
    }
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyContainerRunsNonRootOnAReadOnlyRootWithNoCapabilities(String overlay) {
    Rendered r = Kustomize.overlay(overlay);
    r.podTemplates()
        .forEach(
            (owner, t) -> {
              PodSpec pod = t.getSpec();
              PodSecurityContext psc = pod.getSecurityContext();
              assertThat(psc).as(owner + " pod securityContext").isNotNull();
              for (Container c : pod.getContainers()) {
                String where = overlay + " " + owner + "/" + c.getName();
                SecurityContext sc = c.getSecurityContext();
                assertThat(sc).as(where + " securityContext").isNotNull();
                assertThat(first(sc.getRunAsNonRoot(), psc.getRunAsNonRoot()))
                    .as(where + " runAsNonRoot")
                    .isTrue();
                Long uid = sc.getRunAsUser() != null ? sc.getRunAsUser() : psc.getRunAsUser();
                assertThat(uid).as(where + " runAsUser").isNotNull().isNotZero();
                assertThat(sc.getReadOnlyRootFilesystem()).as(where + " read-only root").isTrue();
                assertThat(sc.getAllowPrivilegeEscalation()).as(where + " no escalation").isFalse();
                assertThat(sc.getCapabilities().getDrop()).as(where + " drop").contains("ALL");
                assertThat(sc.getCapabilities().getAdd()).as(where + " add").isEmpty();
                var seccomp =
                    sc.getSeccompProfile() != null
                        ? sc.getSeccompProfile()
                        : psc.getSeccompProfile();
                assertThat(seccomp.getType()).as(where + " seccomp").isEqualTo("RuntimeDefault");
              }
              assertThat(pod.getAutomountServiceAccountToken()).as(owner + " token").isFalse();
              assertThat(pod.getEnableServiceLinks()).as(owner + " service links").isFalse();
            });
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyContainerHasRequestsAndLimitsForCpuAndMemory(String overlay) {
    Kustomize.overlay(overlay)
        .containers()
        .forEach(
            c -> {
              String where = overlay + " " + c.getName();
              Map<String, Quantity> req = c.getResources().getRequests();
              Map<String, Quantity> lim = c.getResources().getLimits();
              for (String res : Set.of("cpu", "memory")) {
                assertThat(req).as(where + " requests").containsKey(res);
                assertThat(lim).as(where + " limits").containsKey(res);
                assertThat(lim.get(res).getNumericalAmount())
                    .as(where + " " + res + " limit >= request")
                    .isGreaterThanOrEqualTo(req.get(res).getNumericalAmount());
              }
            });
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyWritablePathIsAVolumeAndTmpIsAnEmptyDir(String overlay) {
    Rendered r = Kustomize.overlay(overlay);
    r.podTemplates()
        .forEach(
            (owner, t) -> {
              Map<String, Volume> volumes =
                  t.getSpec().getVolumes().stream()
                      .collect(Collectors.toMap(Volume::getName, v -> v));
              Set<String> claims = claimTemplates(r, owner);
              for (Container c : t.getSpec().getContainers()) {
                for (VolumeMount m : c.getVolumeMounts()) {
                  String where = overlay + " " + owner + "/" + c.getName() + " " + m.getMountPath();
                  Volume v = volumes.get(m.getName());
                  boolean claim = claims.contains(m.getName());
                  assertThat(v != null || claim).as(where + " has a volume").isTrue();
                  if (!Boolean.TRUE.equals(m.getReadOnly()) && !claim) {
                    assertThat(v.getEmptyDir() != null || v.getPersistentVolumeClaim() != null)
                        .as(where + " writable: an emptyDir or a claim")
                        .isTrue();
                  }
                }
                assertThat(c.getVolumeMounts())
                    .as(overlay + " " + owner + " mounts /tmp")
                    .anySatisfy(
                        m -> {
                          assertThat(m.getMountPath()).isEqualTo("/tmp");
                          assertThat(volumes.get(m.getName()).getEmptyDir()).isNotNull();
                        });
              }
            });
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyImageIsPinnedToATagThatIsNotLatest(String overlay) {
    Kustomize.overlay(overlay)
        .containers()
        .forEach(
            c -> {
              String image = c.getImage();
              String last = image.substring(image.lastIndexOf('/') + 1);
              assertThat(last.contains(":") || image.contains("@sha256:"))
                  .as(overlay + " " + c.getName() + " image " + image + " has a tag or digest")
                  .isTrue();
              assertThat(last).as(overlay + " image").doesNotEndWith(":latest");
            });
  }

  private static Set<String> claimTemplates(Rendered r, String owner) {
    if (!owner.startsWith("StatefulSet/")) {
      return Set.of();
    }
    StatefulSet s = r.one(StatefulSet.class, owner.substring("StatefulSet/".length()));
    return s.getSpec().getVolumeClaimTemplates().stream()
        .map(p -> p.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  private static Boolean first(Boolean a, Boolean b) {
    return a != null ? a : b;
  }
}
