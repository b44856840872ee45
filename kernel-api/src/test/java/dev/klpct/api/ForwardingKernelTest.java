package dev.klpct.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ForwardingKernelTest {

  @Test
  void overridesEveryMethodOfKernelIncludingItsDefaults() {
    List<String> missing = new ArrayList<>();
    for (Method m : Kernel.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      boolean declared =
          Arrays.stream(ForwardingKernel.class.getDeclaredMethods())
              .anyMatch(
                  d ->
                      d.getName().equals(m.getName())
                          && Arrays.equals(d.getParameterTypes(), m.getParameterTypes()));
      if (!declared) {
        missing.add(m.getName());
      }
    }
    assertThat(missing).as("Kernel methods ForwardingKernel does not forward").isEmpty();
  }

  /** Each call reaches the delegate as the same method with the same arguments. */
  @Test
  void forwardsEachCallUnchanged() throws Exception {
    List<String> received = new ArrayList<>();
    Kernel recording =
        (Kernel)
            Proxy.newProxyInstance(
                Kernel.class.getClassLoader(),
                new Class<?>[] {Kernel.class},
                (proxy, method, args) -> {
                  received.add(
                      method.getName() + Arrays.deepToString(args == null ? new Object[0] : args));
                  return zero(method.getReturnType());
                });
    ForwardingKernel forwarding =
        new ForwardingKernel() {
          @Override
          protected Kernel delegate() {
            return recording;
          }
        };
    for (Method m : Kernel.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      Object[] args = arguments(m);
      received.clear();
      m.invoke(forwarding, args);
      assertThat(received).as(m.getName()).containsExactly(m.getName() + Arrays.deepToString(args));
    }
  }

  private static Object[] arguments(Method m) {
    Class<?>[] types = m.getParameterTypes();
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      args[i] = argument(types[i], i);
    }
    return args;
  }

  private static Object argument(Class<?> type, int i) {
    if (type == int.class) {
      return 40 + i;
    }
    if (type == Loc.class) {
      return new Loc(i, "x" + i, Loc.Kind.SHARED, 1L, 1L, 0);
    }
    if (type == Site.class) {
      return Site.of("f" + i, "what");
    }
    if (type == String.class) {
      return "text" + i;
    }
    if (type == RmwOp.class) {
      return RmwOp.XOR;
    }
    if (type == Ordering.class) {
      return Ordering.RELEASE;
    }
    if (type == Guard.class) {
      return Guard.always();
    }
    if (type == Guard[].class) {
      return new Guard[] {Guard.always()};
    }
    if (type == Supplier.class) {
      return new Supplier<String>() {
        @Override
        public String get() {
          return "text" + i;
        }

        @Override
        public String toString() {
          return "supplier of text" + i; // forwarded as it is, not called
        }
      };
    }
    throw new AssertionError("no test argument for " + type);
  }

  private static Object zero(Class<?> type) {
    if (type == int.class) {
      return 0;
    }
    if (type == boolean.class) {
      return false;
    }
    return null;
  }
}
