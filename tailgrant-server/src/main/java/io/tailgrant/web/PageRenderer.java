package io.tailgrant.web;

import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders the ui module's Thymeleaf templates; Thymeleaf escapes every {@code th:text}, so no input
 * reaches a page as markup.
 */
final class PageRenderer {
  private final TemplateEngine engine = new TemplateEngine();

  PageRenderer() {
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
    resolver.setPrefix("tailgrant/ui/templates/");
    resolver.setSuffix(".html");
    resolver.setTemplateMode(TemplateMode.HTML);
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCacheable(true);
    engine.setTemplateResolver(resolver);
  }

  String render(String template, Map<String, Object> model) {
    Context context = new Context();
    context.setVariables(model);
    return engine.process(template, context);
  }
}
