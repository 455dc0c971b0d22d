/// The demo shop's catalog: a little of each kind of B9POS shop, Bengali names included.
enum SampleCatalog {
    static let csv = """
        sku,name,barcodes,category,unit,price,vat_rate,vat_inclusive,tiers,service,stock_tracked
        RICE-5KG,মিনিকেট চাল 5 kg,8901234567897,grocery,pc,410.00,0,true,,false,true
        DAL-1KG,মসুর ডাল,8941100500014,grocery,kg,135.00,0,true,,false,true
        OIL-1L,Soybean oil 1 l,8941100500021,grocery,pc,185.00,5,true,10:180.00,false,true
        TEA-400,Tea 400 g,8941100500038,grocery,pc,240.00,15,true,,false,true
        SOAP-100,Soap 100 g,8941100500045,personal-care,pc,55.00,15,true,12:50.00|48:47.50,false,true
        APPLE,আপেল,2000001000005,produce,kg,320.00,0,true,,false,true
        CABLE-2.5,Cable 2.5 mm² copper,8941100500052,electrical,m,62.50,15,false,100:58.00,false,true
        NAIL-2IN,Nails 2 in,8941100500069,hardware,kg,180.00,15,false,,false,true
        TILE-60,Floor tile 60x60 (box of 4),8941100500076,sanitary,box:4,2400.00,15,false,,false,true
        INSTALL,Installation service,,service,pc,1500.00,15,false,,true,false
        BIRYANI,কাচ্চি বিরিয়ানি,,kitchen,pc,350.00,5,true,,false,false
        BORHANI,বোরহানি,,drinks,pc,60.00,5,true,,false,false
        """
}
