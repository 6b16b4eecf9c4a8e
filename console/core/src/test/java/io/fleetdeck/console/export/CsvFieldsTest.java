package io.fleetdeck.console.export;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CsvFieldsTest {
    @Test
    void quotesFieldsAsRfc4180AsksAndLeavesPlainOnesAlone() {
        assertThat(CsvFields.text("pi-1")).isEqualTo("pi-1");
        assertThat(CsvFields.text("")).isEmpty();
        assertThat(CsvFields.text("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvFields.text("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvFields.text("two\nlines")).isEqualTo("\"two\nlines\"");
    }

    @Test
    void defusesTextThatASpreadsheetWouldRunAsAFormula() {
        assertThat(CsvFields.text("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(CsvFields.text("+1")).isEqualTo("'+1");
        assertThat(CsvFields.text("-2 failed")).isEqualTo("'-2 failed");
        assertThat(CsvFields.text("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvFields.text("\tx")).isEqualTo("'\tx");
        assertThat(CsvFields.text("\rx")).isEqualTo("\"'\rx\"");
        assertThat(CsvFields.text("a=b")).isEqualTo("a=b");
    }
}
