import Foundation
import B9Core
import Testing

@Suite("Catalog import")
struct CatalogImportTests {
    let importer = CatalogImporter(currency: .bdt)
    let header = "sku,name,barcodes,category,unit,price,vat_rate,vat_inclusive,tiers,service,stock_tracked\n"

    @Test func importsUnicodeNamesUnitsTiersAndServices() throws {
        let csv = header + """
            RICE,মিনিকেট চাল,8901234567897|2000001,grocery,pc,410.00,0,true,,false,true
            CABLE,"Cable, 2.5 mm²",,electrical,m,62.50,15,false,100:58.00|500:55,false,true
            INSTALL,Installation,,service,pc,1500,15,false,,true,
            """
        let parsed = try importer.parseCSV(Array(csv.utf8))
        #expect(parsed.products.map(\.sku) == ["RICE", "CABLE", "INSTALL"])
        #expect(parsed.products[0].name == "মিনিকেট চাল")
        #expect(parsed.products[0].barcodes == ["8901234567897", "2000001"])
        #expect(parsed.products[1].name == "Cable, 2.5 mm²")
        #expect(parsed.products[1].unit == .metre)
        #expect(parsed.products[1].tiers.map(\.unitPrice.minorUnits) == [5_800, 5_500])
        #expect(parsed.products[1].vat.pricesIncludeVAT == false)
        #expect(parsed.products[2].isService && !parsed.products[2].isStockTracked)
        #expect(parsed.sha256.count == 64)
    }

    /// (rows after the header, the line and the field the error must name)
    @Test(arguments: [
        ("A,Apple,,fruit,kg,abc,0,true,,false,true", "line 2", "price"),
        ("A,Apple,,fruit,kilo,1.00,0,true,,false,true", "line 2", "unit"),
        ("A,Apple,,fruit,kg,1.00,0,true,,false,true\nB,,,,pc,1.00,0,true,,false,true", "line 3", "name"),
        ("A,Apple,,fruit,kg,1.001,0,true,,false,true", "line 2", "price"),
        ("A,Apple,,fruit,kg,1.00,150,true,,false,true", "line 2", "vat_rate"),
        ("A,Apple,,fruit,kg,1.00,5,maybe,,false,true", "line 2", "vat_inclusive"),
        ("A,Apple,,fruit,kg,1.00,5,true,10-1.00,false,true", "line 2", "tiers"),
        ("A,Apple,,fruit,kg,1.00,5,true,,true,true", "line 2", "stock_tracked"),
        ("A,Apple,111,fruit,kg,1.00,5,true,,false,true\nB,Pear,111,fruit,kg,1.00,5,true,,false,true", "line 3", "barcodes"),
        ("A,Apple,,fruit,kg,1.00,5,true,,false,true\nA,Pear,,fruit,kg,1.00,5,true,,false,true", "line 3", "sku"),
        ("\"A\nB\",Apple,,fruit,kg,1.00,5,true,,false,true\nC,Pear,,fruit,kg,x,5,true,,false,true", "line 4", "price"),
        ("A,Apple,,fruit,kg,1.00,5,true,,false", "line 2", "fields"),
        ("A,Ap\"ple,,fruit,kg,1.00,5,true,,false,true", "line 2", "quote"),
    ])
    func badRowsNameTheirLineAndField(rows: String, line: String, field: String) {
        #expect {
            try importer.parseCSV(Array((header + rows).utf8))
        } throws: { error in
            guard let error = error as? CoreError else { return false }
            return error.message.contains(line) && error.message.contains(field)
        }
    }

    @Test func headerProblemsAreReported() {
        #expect(throws: CoreError.self) { try importer.parseCSV(Array("sku,name,unit,price\n".utf8)) }
        #expect(throws: CoreError.self) { try importer.parseCSV(Array("sku,name,unit,price,vat_rate,prise\n".utf8)) }
        #expect(throws: CoreError.self) { try importer.parseCSV([0xFF, 0xFE, 0x00]) }
    }

    @Test func jsonCatalogWithLineNumbersInErrors() throws {
        let good = """
            [
              {"sku": "A", "name": "আপেল", "unit": "kg", "price": "320.00", "vat_rate": 0, "barcodes": ["2000001"]},
              {"sku": "B", "name": "Tiles", "unit": "box:4", "price": 2400, "vat_rate": "15", "vat_inclusive": false,
               "tiers": [{"min_quantity": "10", "price": "2300.00"}]}
            ]
            """
        let parsed = try importer.parseJSON(Array(good.utf8))
        #expect(parsed.products.count == 2)
        #expect(parsed.products[1].unit.code == "box:4")
        #expect(parsed.products[1].unitPrice.minorUnits == 240_000)
        #expect(parsed.products[1].tiers.first?.unitPrice.minorUnits == 230_000)

        let bad = """
            [
              {"sku": "A", "name": "Apple", "unit": "kg", "price": "1.00", "vat_rate": 0},

              {"sku": "B", "name": "Pear", "unit": "kg", "price": "1.0.0", "vat_rate": 0}
            ]
            """
        #expect {
            try importer.parseJSON(Array(bad.utf8))
        } throws: { error in
            let message = (error as? CoreError)?.message ?? ""
            return message.contains("item 2") && message.contains("line 4") && message.contains("price")
        }
        #expect(throws: CoreError.self) { try importer.parseJSON(Array("{\"sku\": 1}".utf8)) }
        #expect(throws: CoreError.self) { try importer.parseJSON(Array("[{\"sku\": \"A\", \"colour\": \"red\"}]".utf8)) }
    }

    /// Nothing of a bad file reaches the store, and a good import is journaled.
    @Test func importIsAllOrNothing() async throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try importer.parseCSV(Array((header + "A,Apple,111,fruit,kg,1.00,0,true,,false,true\n").utf8))
        try await store.importCatalog(first.products, source: "first.csv", digest: first.sha256)

        // The second batch is valid on its own, but its barcode 111 already belongs to A in the store.
        let second = try importer.parseCSV(Array((header + "B,Pear,222,fruit,kg,1.00,0,true,,false,true\nC,Plum,111,fruit,kg,1.00,0,true,,false,true\n").utf8))
        await #expect(throws: CoreError.self) { try await store.importCatalog(second.products, source: "second.csv", digest: second.sha256) }
        #expect(try await store.allProducts().map(\.sku) == ["A"])
        #expect(try await store.product(code: "111").sku == "A")
        let kinds = try await store.journalEntries().map(\.kind)
        #expect(kinds == ["journal.opened", "catalog.imported"])
    }
}
