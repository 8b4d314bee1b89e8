package dev.millrace.example.generator;

import java.nio.file.Path;
import java.util.TreeMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The command line the example generators share: {@code --name value} options, each applied to the generator, and
 * a required {@code --out DIR}; the generator writes there and its summary is printed.
 */
public final class GeneratorCli {

  private GeneratorCli() {}

  /**
   * Parses {@code args}, applies each option, writes with {@code write} into the {@code --out} directory and prints
   * what it returns.
   *
   * @param options each option's name (e.g. {@code --files}) and what its value sets
   * @throws IllegalArgumentException on an unknown option, an option without a value or no {@code --out}
   */
  public static void run(String[] args, Map<String, Consumer<String>> options, Function<Path, Object> write) {
    var known = new TreeMap<>(options); // sorted, for the list in the error message
    Path[] out = {null};
    known.put("--out", value -> out[0] = Path.of(value));
    for (int i = 0; i < args.length; i += 2) {
      Consumer<String> option = known.get(args[i]);
      if (option == null) {
        throw new IllegalArgumentException("Unknown option " + args[i] + "; options: "
            + String.join(", ", known.keySet()));
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Option " + args[i] + " needs a value");
      }
      option.accept(args[i + 1]);
    }
    if (out[0] == null) {
      throw new IllegalArgumentException("--out DIR is required");
    }
    System.out.println(write.apply(out[0]));
  }
}
